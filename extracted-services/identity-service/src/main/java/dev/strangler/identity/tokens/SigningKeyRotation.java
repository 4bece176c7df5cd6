package dev.strangler.identity.tokens;

import org.springframework.scheduling.annotation.Scheduled;

/** Rotates the signing key every {@code identity.signing-keys.rotate-every}. */
class SigningKeyRotation {

    private final SigningKeys keys;

    SigningKeyRotation(SigningKeys keys) {
        this.keys = keys;
    }

    @Scheduled(
            fixedDelayString = "${identity.signing-keys.rotate-every:1d}",
            initialDelayString = "${identity.signing-keys.rotate-every:1d}")
    void rotate() {
        keys.rotate();
    }
}
