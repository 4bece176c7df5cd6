package dev.strangler.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a client discovers about the issuer, from Spring Authorization Server's metadata endpoint. */
class MetadataTest extends IdentityServiceTestBase {

    @Test
    void theMetadataNamesTheIssuerTheJwksAndTheTokenExchangeGrant() {
        Api.Response metadata = api.get("/.well-known/oauth-authorization-server", null);
        assertThat(metadata.status()).isEqualTo(200);
        assertThat(metadata.json().get("issuer").asString()).isEqualTo("http://127.0.0.1:9003");
        assertThat(metadata.json().get("jwks_uri").asString()).isEqualTo("http://127.0.0.1:9003/oauth2/jwks");
        List<String> grants = new ArrayList<>();
        metadata.json().get("grant_types_supported").forEach(g -> grants.add(g.asString()));
        assertThat(grants).contains("urn:ietf:params:oauth:grant-type:token-exchange");
    }
}
