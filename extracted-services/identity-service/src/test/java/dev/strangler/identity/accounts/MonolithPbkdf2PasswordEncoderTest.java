package dev.strangler.identity.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The monolith's hash format read and written through Spring Security's PasswordEncoder contract. */
class MonolithPbkdf2PasswordEncoderTest {

    /** "old-password", 20,000 iterations, salt 00..0f: made with Python's hashlib, not with this code. */
    private static final String MONOLITH_HASH_20K =
            "pbkdf2$20000$AAECAwQFBgcICQoLDA0ODw==$vkVDvYcGXuTJPXSPLq063autXi85PUg5KTHEM2FCUs0=";

    private final MonolithPbkdf2PasswordEncoder encoder = new MonolithPbkdf2PasswordEncoder(30_000);

    @Test
    void aHashTheMonolithMadeVerifiesWithItsOwnIterationCount() {
        assertThat(encoder.matches("old-password", MONOLITH_HASH_20K)).isTrue();
        assertThat(encoder.matches("old-passwore", MONOLITH_HASH_20K)).isFalse();
    }

    @Test
    void aHashWithFewerIterationsThanConfiguredAsksForAnUpgradeAndANewOneDoesNot() {
        assertThat(encoder.upgradeEncoding(MONOLITH_HASH_20K)).isTrue();
        String fresh = encoder.encode("new-password");
        assertThat(fresh).matches("pbkdf2\\$30000\\$[A-Za-z0-9+/=]{24}\\$[A-Za-z0-9+/=]{44}");
        assertThat(encoder.upgradeEncoding(fresh)).isFalse();
        assertThat(encoder.matches("new-password", fresh)).isTrue();
        assertThat(encoder.encode("new-password")).as("a new salt every time").isNotEqualTo(fresh);
    }

    @Test
    void anotherFormatNeverMatchesAndAsksForAnUpgrade() {
        for (String stored :
                new String[] {"{bcrypt}$2a$10$abc", "pbkdf2$x$AAAA$AAAA", "pbkdf2$0$AAAA$AAAA", "", "plain"}) {
            assertThat(encoder.matches("anything", stored)).as(stored).isFalse();
            assertThat(encoder.upgradeEncoding(stored)).as(stored).isTrue();
        }
    }

    @Test
    void iterationsMustBePositive() {
        assertThatThrownBy(() -> new MonolithPbkdf2PasswordEncoder(0))
                .hasMessageContaining("passwords.pbkdf2-iterations must be positive");
    }
}
