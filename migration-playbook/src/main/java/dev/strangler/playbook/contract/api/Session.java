package dev.strangler.playbook.contract.api;

import dev.strangler.playbook.contract.check.Fields;
import dev.strangler.playbook.contract.http.ApiResponse;
import java.time.Instant;

/**
 * The answer to a login: {@code {token, tokenType: "Bearer", expiresAt, user}}.
 *
 * @param response the response it was read from, for failure messages about it
 */
public record Session(String token, Instant expiresAt, User user, ApiResponse response) {

    /** Reads and type-checks a login response. */
    public static Session from(Fields json) {
        String token = json.text("token");
        String tokenType = json.string("tokenType");
        json.require("Bearer".equals(tokenType), "tokenType 'Bearer'", "'" + tokenType + "'");
        return new Session(token, json.timestamp("expiresAt"), User.from(json.object("user")), json.response());
    }
}
