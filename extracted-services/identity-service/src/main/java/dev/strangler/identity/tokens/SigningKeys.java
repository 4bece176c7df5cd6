package dev.strangler.identity.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RSA keys access tokens are signed with, as the {@link JWKSource} that Spring Authorization Server
 * both signs from and publishes at its JWKS endpoint. One key signs (its {@code kid} is put in every
 * token's header by {@link AccessTokenClaims}); after {@link #rotate()} the replaced key stays published,
 * no longer signing, for {@link SigningKeyProperties#overlap()}, so tokens it signed keep verifying until
 * they expire: during the overlap the JWKS has two keys.
 *
 * <p>Keys live in memory and are made at start: one replica only. Several replicas would need the keys
 * in a shared store (not done).
 */
public class SigningKeys implements JWKSource<SecurityContext> {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private record Retired(RSAKey key, Instant publishedUntil) {}

    private record State(RSAKey current, List<Retired> retired) {}

    private final Clock clock;
    private final SigningKeyProperties properties;
    private final AtomicReference<State> state;

    public SigningKeys(Clock clock, SigningKeyProperties properties) {
        this.clock = clock;
        this.properties = properties;
        this.state = new AtomicReference<>(new State(newKey(), List.of()));
    }

    /** The {@code kid} of the key that signs new tokens. */
    public String currentKeyId() {
        return state.get().current().getKeyID();
    }

    /**
     * A new key signs from now on; the one it replaces stays published for the overlap. Keys whose
     * overlap is over are dropped.
     */
    public synchronized void rotate() {
        Instant now = clock.instant();
        State before = state.get();
        List<Retired> retired = new ArrayList<>(stillPublished(before.retired(), now));
        retired.add(new Retired(before.current(), now.plus(properties.overlap())));
        RSAKey next = newKey();
        state.set(new State(next, List.copyOf(retired)));
        log.info(
                "signing key rotated: kid {} signs, kid {} published until {}",
                next.getKeyID(),
                before.current().getKeyID(),
                now.plus(properties.overlap()));
    }

    /** The keys published now: the signing one first, then the replaced ones still in their overlap. */
    public JWKSet published() {
        State s = state.get();
        List<JWK> keys = new ArrayList<>();
        keys.add(s.current());
        stillPublished(s.retired(), clock.instant()).forEach(r -> keys.add(r.key()));
        return new JWKSet(keys);
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        return selector.select(published());
    }

    private static List<Retired> stillPublished(List<Retired> retired, Instant now) {
        return retired.stream().filter(r -> r.publishedUntil().isAfter(now)).toList();
    }

    private static RSAKey newKey() {
        try {
            return new RSAKeyGenerator(2048)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not generate an RSA signing key", e);
        }
    }
}
