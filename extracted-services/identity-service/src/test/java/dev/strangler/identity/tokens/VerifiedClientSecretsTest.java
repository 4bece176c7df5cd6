package dev.strangler.identity.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

class VerifiedClientSecretsTest {

    /** Spring's encoder, counting the slow checks it makes. */
    private final AtomicInteger checks = new AtomicInteger();

    private final PasswordEncoder spring = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final VerifiedClientSecrets secrets = new VerifiedClientSecrets(new PasswordEncoder() {
        @Override
        public String encode(CharSequence raw) {
            return spring.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            checks.incrementAndGet();
            return spring.matches(raw, encoded);
        }

        @Override
        public boolean upgradeEncoding(String encoded) {
            return spring.upgradeEncoding(encoded);
        }
    });

    @Test
    void theRightSecretIsHashedOnceThenRemembered() {
        String stored = secrets.encode("the-gateways-secret");

        for (int i = 0; i < 50; i++) {
            assertThat(secrets.matches("the-gateways-secret", stored)).isTrue();
        }

        assertThat(checks).hasValue(1);
        assertThat(stored).startsWith("{bcrypt}");
    }

    @Test
    void aWrongSecretIsHashedEveryTimeAndNeverMatches() {
        String stored = secrets.encode("the-gateways-secret");
        assertThat(secrets.matches("the-gateways-secret", stored)).isTrue();

        for (int i = 0; i < 3; i++) {
            assertThat(secrets.matches("a-guess", stored)).isFalse();
        }

        assertThat(checks).hasValue(4);
    }

    @Test
    void aSecretRememberedForOneStoredFormIsCheckedAgainstAnother() {
        String first = secrets.encode("the-gateways-secret");
        String rotated = secrets.encode("a-new-secret");
        assertThat(secrets.matches("the-gateways-secret", first)).isTrue();

        assertThat(secrets.matches("the-gateways-secret", rotated)).isFalse();
    }

    @Test
    void aNoopSecretIsStillUpgradedAsSpringWould() {
        assertThat(secrets.upgradeEncoding("{noop}secret")).isTrue();
        assertThat(secrets.matches("secret", "{noop}secret")).isTrue();
    }
}
