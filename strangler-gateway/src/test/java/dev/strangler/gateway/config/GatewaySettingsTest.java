package dev.strangler.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.gateway.client.ForwardedHeader;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

class GatewaySettingsTest {

    private final Validator validator =
            Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void aReadTokenIsHeldToTheSameMinimumLengthAsTheAdminToken() {
        GatewaySettings.Admin admin = new GatewaySettings.Admin("127.0.0.1", 9081, "admin-token-0123456789", "short");

        assertThat(validator.validate(admin))
                .extracting(v -> v.getPropertyPath().toString())
                .as("a guessable read token is refused")
                .containsExactly("readToken");
        assertThat(validator.validate(new GatewaySettings.Admin("127.0.0.1", 9081, "short", null)))
                .extracting(ConstraintViolation::getMessage)
                .singleElement()
                .asString()
                .contains("at least 16 characters");
        assertThat(validator.validate(new GatewaySettings.Admin("127.0.0.1", 9081, "admin-token-0123456789", null)))
                .as("no read token at all is fine")
                .isEmpty();
    }

    @EnableConfigurationProperties(GatewaySettings.class)
    static class Bound {}

    /** Settings bound and validated as the gateway's startup does. */
    private final ApplicationContextRunner startup = new ApplicationContextRunner()
            .withUserConfiguration(Bound.class)
            .withPropertyValues("strangler.admin.token=admin-token-0123456789");

    @Test
    void byDefaultNoProxyIsTrustedAndXForwardedForIsTheHeaderTheyWouldWrite() {
        startup.run(context -> {
            GatewaySettings settings = context.getBean(GatewaySettings.class);
            assertThat(settings.trustedProxies()).isEmpty();
            assertThat(settings.forwardedHeader()).isEqualTo(ForwardedHeader.X_FORWARDED_FOR);
        });
        startup.withPropertyValues(
                        "strangler.trusted-proxies=10.0.0.0/8, 192.0.2.7, fd00::/8",
                        "strangler.forwarded-header=forwarded")
                .run(context -> {
                    GatewaySettings settings = context.getBean(GatewaySettings.class);
                    assertThat(settings.trustedProxies()).containsExactly("10.0.0.0/8", "192.0.2.7", "fd00::/8");
                    assertThat(settings.forwardedHeader()).isEqualTo(ForwardedHeader.FORWARDED);
                });
    }

    @Test
    void aTrustedProxyThatIsNoAddressOrRangeStopsTheStartupWithTheParsersMessage() {
        startup.withPropertyValues("strangler.trusted-proxies=10.0.0.0/8,lb.internal,10.0.0.0/33")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .message()
                            .contains(
                                    "'lb.internal' is not an IP address or CIDR range (e.g. 10.0.0.0/8, 192.0.2.7, fd00::/8)")
                            .contains("'10.0.0.0/33': the prefix length after '/' must be 0 to 32");
                });
    }

    @Test
    void requestBodiesAreLimitedTo10MbUnlessSetAndTheLimitIsAtLeastOneByte() {
        startup.run(context -> assertThat(context.getBean(GatewaySettings.class).maxRequestSize())
                .isEqualTo(DataSize.ofMegabytes(10)));
        startup.withPropertyValues("strangler.max-request-size=512KB")
                .run(context -> assertThat(
                                context.getBean(GatewaySettings.class).maxRequestSize())
                        .isEqualTo(DataSize.ofKilobytes(512)));
        startup.withPropertyValues("strangler.max-request-size=0B")
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .message()
                        .contains("strangler.max-request-size must be at least 1 byte"));
    }

    private static final long MIB = 1024 * 1024;

    private static GatewaySettings.Shadow shadow(Integer maxConcurrent, int maxBodyBytes) {
        return new GatewaySettings.Shadow(maxConcurrent, maxBodyBytes, 20, Duration.ofSeconds(5));
    }

    @Test
    void withoutAConfiguredNumberShadowCopiesInFlightAreSizedFromTheHeapUpToACap() {
        startup.run(context -> assertThat(
                        context.getBean(GatewaySettings.class).shadow().maxConcurrent())
                .as("not configured")
                .isNull());

        assertThat(shadow(null, (int) MIB).sizedFor(384 * MIB).maxConcurrent())
                .as("192 MiB / 4 MiB")
                .isEqualTo(48);
        assertThat(shadow(null, (int) MIB).sizedFor(64 * 1024 * MIB).maxConcurrent())
                .as("a large heap")
                .isEqualTo(256);
        assertThat(shadow(null, 64 * 1024).sizedFor(384 * MIB).maxConcurrent())
                .as("small bodies")
                .isEqualTo(256);
    }

    @Test
    void aConfiguredNumberOfShadowCopiesThatCannotFitInTheHeapIsRefusedSayingWhatToChange() {
        assertThatThrownBy(() -> shadow(512, (int) MIB).sizedFor(384 * MIB))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "strangler.shadow.max-concurrent=512 does not fit in this gateway's heap: each shadow copy holds up to 4 bodies "
                                + "of strangler.shadow.max-body-bytes=1048576 (the request, the monolith's answer, the service's answer, a second "
                                + "monolith answer when learning noise), and shadow copies may take at most 50 % of the heap (192 MiB of a maximum "
                                + "heap of 384 MiB), 2048 MiB for 512 copies. Set max-concurrent to at most 48, lower max-body-bytes to at most "
                                + "98304, give the JVM more heap (-Xmx), or leave max-concurrent out to size it from the heap");
        assertThatThrownBy(() -> shadow(null, 256 * (int) MIB).sizedFor(384 * MIB))
                .hasMessageStartingWith(
                        "strangler.shadow.max-body-bytes=268435456 does not fit in this gateway's heap");
        assertThat(shadow(512, 64 * 1024).sizedFor(384 * MIB).maxConcurrent())
                .as("the sandbox's settings")
                .isEqualTo(512);
    }

    @Test
    void identityPropagationIsOffByDefaultAndNeedsASecretOnceATokenEndpointIsSet() {
        startup.run(context -> {
            GatewaySettings.Identity identity =
                    context.getBean(GatewaySettings.class).identity();
            assertThat(identity.configured()).isFalse();
            assertThat(identity.clientId()).isEqualTo("strangler-gateway");
            assertThat(identity.cacheTtl()).isEqualTo(Duration.ofSeconds(60));
            assertThat(identity.recheckAfter()).isEqualTo(Duration.ofSeconds(1));
        });
        startup.withPropertyValues("strangler.identity.token-uri=http://identity:9003/oauth2/token")
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .hasMessageContaining("strangler.identity.client-secret is required"));
        startup.withPropertyValues(
                        "strangler.identity.token-uri=http://identity:9003/oauth2/token",
                        "strangler.identity.client-secret=from-the-environment",
                        "strangler.identity.cache-ttl=0s")
                .run(context ->
                        assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("must be positive"));
        startup.withPropertyValues(
                        "strangler.identity.token-uri=http://identity:9003/oauth2/token",
                        "strangler.identity.client-secret=from-the-environment",
                        "strangler.identity.recheck-after=-1s")
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .hasMessageContaining("strangler.identity.recheck-after must be 0 (never) or positive"));
    }

    @Test
    void theIdentityClientSecretIsNeverPrinted() {
        GatewaySettings.Identity identity = new GatewaySettings.Identity(
                java.net.URI.create("http://identity:9003/oauth2/token"),
                "strangler-gateway",
                "s3cret-value",
                Duration.ofSeconds(60),
                10_000,
                Duration.ofSeconds(2),
                Duration.ofSeconds(1));

        assertThat(identity.toString()).doesNotContain("s3cret-value");
    }
}
