package io.chat4all.kit.http;

import java.util.List;
import java.util.function.Consumer;

import io.helidon.config.Config;
import io.helidon.health.HealthCheck;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;

/**
 * A service's Helidon web server around a set of routes: a body size limit, problem+json for every error (in routing
 * and before it), connections closed when an answer says so, and health under {@code /observe/health}.
 */
public final class ServiceWebServer {
    /** Bodies larger than this are refused with 413 unless {@code server.max-payload-size} says otherwise. */
    public static final long DEFAULT_MAX_BODY = 64 * 1024;
    /**
     * Beyond this, a refused body is no longer read and discarded to let the client see its 413: the connection is
     * cut instead (Helidon's listener {@code max-payload-size}).
     */
    static final long MAX_DISCARDED_BODY = 16 * 1024 * 1024;

    private ServiceWebServer() {
    }

    /** The largest body the service accepts: {@code max-payload-size} of the {@code server} config node. */
    public static long maxBody(Config serverConfig) {
        return serverConfig.get("max-payload-size").asLong().orElse(DEFAULT_MAX_BODY);
    }

    /**
     * A server, not yet started.
     *
     * @param serverConfig the {@code server} config node: {@code host}, {@code port}, {@code max-payload-size}, ...
     * @param routes       registers the routes
     * @param checks       health checks, beside Helidon's built-in ones
     */
    public static WebServer build(Config serverConfig, Consumer<HttpRules> routes, List<HealthCheck> checks) {
        long maxBody = maxBody(serverConfig);
        return WebServer.builder()
                // Discovery off: the features below are the whole server, nothing joins from the classpath.
                .featuresDiscoverServices(false)
                .config(serverConfig)
                // The api's limit is enforced by BodySizeLimit; Helidon's only caps what is discarded after a 413.
                .maxPayloadSize(Math.max(maxBody, MAX_DISCARDED_BODY))
                .directHandlers(ProblemDirectHandler.forAllEvents(maxBody))
                .addFeature(ObserveFeature.builder()
                        .observersDiscoverServices(false)
                        .addObserver(HealthObserver.builder().details(true).addChecks(checks.toArray(HealthCheck[]::new)).build())
                        .build())
                .routing(routing -> {
                    routing.addFilter(new ClosingConnections())
                            .addFilter(new PathTargets())
                            .addFilter(new BodySizeLimit(maxBody));
                    ProblemHandlers.install(routing);
                    routes.accept(routing);
                })
                .build();
    }
}
