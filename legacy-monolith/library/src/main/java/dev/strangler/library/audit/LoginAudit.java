package dev.strangler.library.audit;

import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/** Every login, and every refused one, as Spring Security publishes them. */
@Component
class LoginAudit {

    private final AuditLog audit;

    LoginAudit(AuditLog audit) {
        this.audit = audit;
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        audit.record(event.getAuthentication().getName(), "login", Map.of());
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        audit.record(
                event.getAuthentication().getName(),
                "login-refused",
                Map.of("reason", event.getException().getClass().getSimpleName()));
    }
}
