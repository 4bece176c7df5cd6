package dev.strangler.library.audit;

import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends to {@code audit_events}. Plain JDBC on the same connection as the JPA transaction that is running (if any),
 * so an event commits or rolls back with the change it describes.
 */
@Component
public class AuditLog {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditLog(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One event; {@code actor} is the member's email, or null when nobody is logged in. */
    public void record(String actor, String action, Map<String, ?> detail) {
        jdbc.sql("insert into audit_events (actor, action, detail) values (?, ?, cast(? as jsonb))")
                .params(actor, action, json.writeValueAsString(detail))
                .update();
    }
}
