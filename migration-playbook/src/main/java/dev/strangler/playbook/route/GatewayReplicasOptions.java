package dev.strangler.playbook.route;

import dev.strangler.playbook.cli.SandboxDirOption;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The admin API of every gateway replica, for a command that acts on each one (what a replica keeps in its own memory,
 * such as a recording): {@code --gateway-admin} once per replica, one token for all, as {@link GatewayAdminOptions}
 * finds it.
 */
public final class GatewayReplicasOptions {

    @Option(
            names = "--gateway-admin",
            paramLabel = "URL",
            description = "A gateway replica's admin API; once per replica (default: env " + GatewayAdminOptions.URL_ENV
                    + ", else " + GatewayAdminOptions.DEFAULT_URL + ").")
    List<URI> urls = new ArrayList<>();

    @Option(
            names = "--admin-token-env",
            paramLabel = "NAME",
            defaultValue = "STRANGLER_GATEWAY_ADMIN_TOKEN",
            description =
                    "The environment variable holding the admin token (default ${DEFAULT-VALUE}); without it, the local "
                            + "sandbox's token is used.")
    String tokenEnv;

    /** A client per replica, in the order given. */
    public List<GatewayAdmin> clients(SandboxDirOption sandbox) {
        String token = GatewayAdminOptions.token(tokenEnv, sandbox);
        List<URI> replicas = urls;
        if (replicas.isEmpty()) {
            replicas = List.of(GatewayAdminOptions.defaultUrl());
        }
        return replicas.stream().map(u -> new GatewayAdmin(u, token)).toList();
    }
}
