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
        return build(serverConfig, routes, checks, List.of());
    }

    /**
     * A server, not yet started, with routes that stream large bodies.
     *
     * @param uploads routes with a body limit of their own, beyond {@code max-payload-size}
     */
    public static WebServer build(Config serverConfig, Consumer<HttpRules> routes, List<HealthCheck> checks,
                                  List<StreamedUpload> uploads) {
        long maxBody = maxBody(serverConfig);
        // Helidon's own cap must let the largest upload through; BodySizeLimit holds every other route to maxBody.
        long largest = uploads.stream().mapToLong(StreamedUpload::maxBytes).reduce(maxBody, Math::max);
        return WebServer.builder()
                // Discovery off: the features below are the whole server, nothing joins from the classpath.
                .featuresDiscoverServices(false)
                .config(serverConfig)
                // The limits are enforced by BodySizeLimit; Helidon's only caps what is discarded after a 413.
                .maxPayloadSize(Math.max(largest, BodySizeLimit.MAX_DISCARDED_BODY))
                .directHandlers(ProblemDirectHandler.forAllEvents(largest))
                .addFeature(ObserveFeature.builder()
                        .observersDiscoverServices(false)
                        .addObserver(HealthObserver.builder().details(true).addChecks(checks.toArray(HealthCheck[]::new)).build())
                        .build())
                .routing(routing -> {
                    routing.addFilter(new ClosingConnections())
                            .addFilter(new PathTargets())
                            .addFilter(new BodySizeLimit(maxBody, uploads));
                    ProblemHandlers.install(routing);
                    routes.accept(routing);
                })
                .build();
    }
}
