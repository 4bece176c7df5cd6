package dev.strangler.identity.sessions;

import dev.strangler.identity.accounts.User;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A login session: the app holds the opaque token, we keep only its SHA-256, as the monolith does. A
 * logout deletes it, as the monolith does: the one change a stream carries the same way in both
 * directions (a flag only this schema had would reach the monolith as nothing it checks).
 */
@Entity
@Table(name = "sessions")
class Session {

    @Id
    @Column(name = "token_hash", length = 64)
    @JdbcTypeCode(SqlTypes.CHAR)
    private String tokenHash;

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "user_id")
    private User user;

    @Column(name = "issued_at", nullable = false)
    private Instant issuedAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    protected Session() {}

    Session(String tokenHash, User user, Instant issuedAt, Instant expiresAt) {
        this.tokenHash = tokenHash;
        this.user = user;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
    }

    User user() {
        return user;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    boolean isLiveAt(Instant now) {
        return expiresAt.isAfter(now);
    }
}
