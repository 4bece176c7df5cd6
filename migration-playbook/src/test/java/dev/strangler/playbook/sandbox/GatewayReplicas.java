package dev.strangler.playbook.sandbox;

import dev.strangler.infra.process.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second gateway replica next to the sandbox's own (same route file, admin token and shared state),
 * nginx in front of both, sticky by device as the gateway README asks, and the bench's fault hook told
 * where Connect and the second replica listen. Closing it ends all of that, and whatever the fault
 * hook restarted.
 */
final class GatewayReplicas implements AutoCloseable {

    private final SandboxSettings settings;
    private final List<Process> started = new ArrayList<>();
    private final Path dir;
    private final Path hookPids;
    final int balancerPort = FreePorts.pick();
    final int replicaPort = FreePorts.pick();
    final int replicaAdminPort = FreePorts.pick();
    final Path faultHook;

    GatewayReplicas(SandboxSettings settings, Path home, int connectPort) throws IOException, InterruptedException {
        this.settings = settings;
        dir = Files.createDirectories(settings.stateDir().resolve("replicas"));
        hookPids = dir.resolve("restarted.pids");
        Files.writeString(hookPids, "");
        List<String> replica = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        replica.addAll(PartCommands.gatewayReplica(
                settings,
                GatewayFiles.dir(settings.stateDir()),
                Files.createDirectories(dir.resolve("gw2")),
                "it-replica-2",
                replicaPort,
                replicaAdminPort,
                FreePorts.pick()));
        started.add(new ProcessBuilder(replica)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("gw2.log").toFile())
                .start());

        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                worker_processes 1;
                daemon off;
                master_process off;
                pid %1$s/nginx.pid;
                error_log %1$s/nginx-error.log warn;
                events { worker_connections 256; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/tmp;
                  proxy_temp_path %1$s/tmp;
                  upstream gateways {
                    hash $http_x_device_id consistent;
                    server 127.0.0.1:%2$d;
                    server 127.0.0.1:%3$d;
                    keepalive 16;
                  }
                  server {
                    listen 127.0.0.1:%4$d;
                    location / {
                      proxy_pass http://gateways;
                      proxy_http_version 1.1;
                      proxy_set_header Connection "";
                      proxy_set_header Host $host;
                      proxy_read_timeout 60s;
                    }
                  }
                }
                """.formatted(dir, settings.gatewayPort(), replicaPort, balancerPort));
        Files.createDirectories(dir.resolve("tmp"));
        String nginx = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
        started.add(new ProcessBuilder(
                        nginx,
                        "-p",
                        dir.toString(),
                        "-e",
                        dir.resolve("nginx-error.log").toString(),
                        "-c",
                        conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.log").toFile())
                .start());

        faultHook = dir.resolve("fault-hook");
        Files.writeString(
                faultHook,
                "#!/usr/bin/env bash\nexec env HOOK_CONNECT_PORT=" + connectPort + " HOOK_GATEWAY_PORT=" + replicaPort
                        + " HOOK_PIDS=" + hookPids + " HOOK_LOG_DIR=" + dir + " bash "
                        + home.resolve("migration-playbook/bench/fault-hook.sh")
                        + " \"$@\"\n");
        faultHook.toFile().setExecutable(true);
        awaitAnswer(replicaPort);
        awaitAnswer(balancerPort);
    }

    private static void awaitAnswer(int port) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/categories"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException("nothing answers on port " + port);
    }

    /**
     * Ends the replica, nginx and the restarted replica. A Connect worker the fault hook restarted is
     * the sandbox's Connect now: the sandbox's state file learns its pid, so {@code down} stops it.
     */
    @Override
    public void close() throws IOException, InterruptedException {
        for (Process p : started) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        StateFile file = new StateFile(settings.stateDir(), SandboxJson.mapper());
        SandboxState state = file.read().orElseThrow();
        RunningPart connect = state.part(SandboxPart.CONNECT).orElseThrow();
        for (String line : Files.readAllLines(hookPids)) {
            if (line.isBlank()) {
                continue;
            }
            long pid = Long.parseLong(line.trim());
            boolean isConnect = ProcessHandle.of(pid)
                    .flatMap(h -> h.info().arguments())
                    .map(args -> String.join(" ", args).contains("strangler.sandbox.part=connect"))
                    .orElse(false);
            if (isConnect) {
                List<RunningPart> parts = new ArrayList<>(state.parts());
                parts.replaceAll(p -> p.part() == SandboxPart.CONNECT
                        ? new RunningPart(
                                p.part(), pid, connect.port(), connect.url(), connect.healthUrl(), connect.log())
                        : p);
                file.write(new SandboxState(
                        state.startedAt(),
                        state.complete(),
                        state.stateDir(),
                        state.postgresDataDir(),
                        parts,
                        state.kept()));
            } else {
                ProcessHandle.of(pid).ifPresent(h -> {
                    h.destroyForcibly();
                    h.onExit().join();
                });
            }
        }
    }
}
