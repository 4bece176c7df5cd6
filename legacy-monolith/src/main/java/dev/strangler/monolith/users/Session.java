package dev.strangler.monolith.users;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.type.SqlTypes;

/** A server-side login session; the app holds the opaque token, we keep only its hash. */
@Entity
@Table(name = "user_sessions")
class Session {

    @Id
    @Column(name = "token_hash", length = 64)
    @org.hibernate.annotations.JdbcTypeCode(SqlTypes.CHAR)
    private String tokenHash;

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "user_id")
    private User user;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    protected Session() {}

    Session(String tokenHash, User user, Instant createdAt, Instant expiresAt) {
        this.tokenHash = tokenHash;
        this.user = user;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    User user() {
        return user;
    }

    Instant expiresAt() {
        return expiresAt;
    }
}
