package dev.strangler.library.loans;

import dev.strangler.library.audit.AuditLog;
import jakarta.persistence.PostPersist;
import jakarta.persistence.PostUpdate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Writes an {@code audit_events} row for every loan lent, returned or changed, whoever changed it (the API, a page,
 * a later job): as a JPA entity listener (Hibernate gets it from Spring) it runs inside the transaction of the change.
 */
@Component
class LoanAudit {

    private final AuditLog audit;

    LoanAudit(AuditLog audit) {
        this.audit = audit;
    }

    @PostPersist
    void lent(Loan loan) {
        Map<String, Object> detail = detail(loan);
        detail.put("dueOn", loan.getDueOn().toString());
        audit.record(actor(), "loan", detail);
    }

    @PostUpdate
    void changed(Loan loan) {
        audit.record(actor(), loan.isJustReturned() ? "return" : "loan-changed", detail(loan));
    }

    private static Map<String, Object> detail(Loan loan) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("loan", loan.getId());
        detail.put("book", loan.getBook().getId().toString());
        detail.put("member", loan.getMember().getId());
        return detail;
    }

    private static String actor() {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        return who == null ? null : who.getName();
    }
}
