package dev.strangler.monolith.providers;

import java.net.http.HttpClient;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** Builds a {@link RestClient} with the provider's base URL, connect timeout and response timeout. */
final class ProviderClients {

    private ProviderClients() {}

    static RestClient restClient(ProvidersProperties.Provider provider) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(provider.connectTimeout())
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(provider.timeout());
        return RestClient.builder()
                .baseUrl(provider.baseUrl().toString())
                .requestFactory(factory)
                .build();
    }
}
