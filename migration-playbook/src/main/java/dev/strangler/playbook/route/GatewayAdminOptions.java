package dev.strangler.playbook.route;

import dev.strangler.playbook.cli.SandboxDirOption;
import dev.strangler.playbook.sandbox.GatewayFiles;
import java.net.URI;
import picocli.CommandLine.Option;

/** Where the gateway's admin API is and the token for it: options, environment, or the sandbox's files. */
public final class GatewayAdminOptions {

    /** The variable naming the admin API, when no option does. */
    static final String URL_ENV = "STRANGLER_GATEWAY_ADMIN_URL";
    /** The sandbox gateway's admin API, when neither an option nor the variable names one. */
    static final String DEFAULT_URL = "http://127.0.0.1:9081";

    @Option(
            names = "--gateway-admin",
            paramLabel = "URL",
            defaultValue = "${env:" + URL_ENV + ":-" + DEFAULT_URL + "}",
            description = "The gateway's admin API (env STRANGLER_GATEWAY_ADMIN_URL; default ${DEFAULT-VALUE}).")
    URI url;

    @Option(
            names = "--admin-token-env",
            paramLabel = "NAME",
            defaultValue = "STRANGLER_GATEWAY_ADMIN_TOKEN",
            description =
                    "The environment variable holding the admin token (default ${DEFAULT-VALUE}); without it, the local "
                            + "sandbox's token is used.")
    String tokenEnv;

    /** The client; without the token variable, with the token of the sandbox in {@code sandbox} ({@code --sandbox-dir}). */
    public GatewayAdmin client(SandboxDirOption sandbox) {
        return new GatewayAdmin(url, token(tokenEnv, sandbox));
    }

    /** The admin API when no option names one: the variable's, else the sandbox's. */
    static URI defaultUrl() {
        String env = System.getenv(URL_ENV);
        return URI.create(env == null || env.isBlank() ? DEFAULT_URL : env);
    }

    /** The admin token: from the variable {@code tokenEnv}, else the sandbox's. */
    static String token(String tokenEnv, SandboxDirOption sandbox) {
        String token = System.getenv(tokenEnv);
        if (token == null || token.isBlank()) {
            token = GatewayFiles.adminToken(sandbox.stateDir())
                    .orElseThrow(() -> new IllegalArgumentException(
                            "no gateway admin token: set " + tokenEnv + " (or run against the local sandbox)"));
        }
        return token;
    }
}
