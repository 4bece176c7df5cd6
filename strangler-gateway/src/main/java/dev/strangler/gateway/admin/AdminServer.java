package dev.strangler.gateway.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunctions;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** Serves the {@link AdminApi} and the {@link StatusPage} on their own address and port, apart from client traffic. */
public final class AdminServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

    private final AdminApi api;
    private final String bindAddress;
    private final int port;
    private volatile DisposableServer server;

    public AdminServer(AdminApi api, String bindAddress, int port) {
        this.api = api;
        this.bindAddress = bindAddress;
        this.port = port;
    }

    @Override
    public void start() {
        var handler = RouterFunctions.toHttpHandler(
                new StatusPage().router().and(api.router()), HandlerStrategies.withDefaults());
        server = HttpServer.create()
                .host(bindAddress)
                .port(port)
                .handle(new ReactorHttpHandlerAdapter(handler))
                .bindNow();
        log.info("admin API on http://{}:{}/admin/routes, status page on /status", bindAddress, server.port());
    }

    /** The port actually bound (useful with port 0 in tests). */
    public int port() {
        return server == null ? -1 : server.port();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.disposeNow();
        }
    }

    @Override
    public boolean isRunning() {
        return server != null && !server.isDisposed();
    }
}
