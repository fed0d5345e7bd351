package io.chat4all.router;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.datastax.oss.driver.api.core.CqlSession;
import com.github.benmanes.caffeine.cache.Ticker;
import io.chat4all.contracts.InvalidEventException;
import io.chat4all.contracts.Topics;
import io.chat4all.kit.CassandraSessions;
import io.chat4all.kit.CassandraSettings;
import io.chat4all.kit.KafkaSettings;
import io.chat4all.kit.RunningService;
import io.chat4all.kit.consumer.ConsumerSettings;
import io.chat4all.kit.consumer.FailureClassifier;
import io.chat4all.kit.consumer.RunningLoop;
import io.helidon.config.Config;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.health.HealthObserverConfig;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.metrics.Meter;

/**
 * The running router: a Cassandra session, three consumer loops on their own threads ({@code messages}: store and
 * fan out; {@code status}: apply statuses; {@code inbound}: bring platform users' messages into the flow), the
 * producer of its records, and a web server that only serves health ({@code /observe/health}: ready once every
 * consumer has polled and while no partition is stalled, live while every loop's thread runs). If a loop dies, the
 * process exits non-zero.
 */
public final class Router implements RunningService {
    static final String DEFAULT_GROUP = "chat4all-router";
    static final String DEFAULT_STATUS_GROUP = "chat4all-router-status";
    static final String DEFAULT_INBOUND_GROUP = "chat4all-router-inbound";
    /**
     * Time for the last commits to go through, within the launcher's 15 s grace (and compose's default 10 s stop
     * timeout, roughly). Whatever is not committed by then is redelivered to the next router and handled
     * idempotently: a slow stop costs time, never messages.
     */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    // Set in start order; close() releases whichever were started.
    private CqlSession session;
    private KafkaPublisher publisher;
    /** By the name of their readiness check. */
    private final Map<String, RunningLoop> loops = new LinkedHashMap<>();
    private WebServer server;

    private Router() {
    }

    /** Connects to Cassandra (waiting for it if need be), starts consuming and serves health. */
    public static Router start(Config config) {
        Router router = new Router();
        try {
            router.startParts(config);
            return router;
        } catch (RuntimeException e) {
            router.close();
            throw e;
        }
    }

    private void startParts(Config config) {
        session = CassandraSessions.open(CassandraSettings.from(config.get("cassandra")));
        KafkaSettings kafka = KafkaSettings.from(config.get("kafka"));
        Meter meter = GlobalOpenTelemetry.getMeter("io.chat4all.router");
        publisher = KafkaPublisher.create(kafka);
        CassandraStatusHistory history = new CassandraStatusHistory(session);
        MessageStore messages = new MessageStore(session, history);
        CassandraDirectory directory = new CassandraDirectory(session);
        DirectoryCache remembered = new DirectoryCache(directory,
                DirectoryCache.settings(config.get("router.directory-cache")), Ticker.systemTicker(), meter);
        FanOut fanOut = new FanOut(remembered, messages::store, publisher, Clock.systemUTC());
        loops.put("consumer", RunningLoop.start("chat4all-router", kafka, ConsumerSettings.from(config.get("router"), DEFAULT_GROUP),
                Topics.MESSAGES, Topics.MESSAGES_DLQ, new StoreMessageHandler(fanOut, remembered::changed),
                new FailureClassifier(List.of(InvalidEventException.class)), meter));
        StatusApplierSettings statusSettings = StatusApplierSettings.from(config.get("router.status"), DEFAULT_STATUS_GROUP);
        loops.put("status-consumer", RunningLoop.start("chat4all-router-status", kafka, statusSettings.consumer(), Topics.STATUS,
                Topics.STATUS_DLQ, new StatusApplier(history, statusSettings.unknownRecipientAttempts(),
                        new DeliveryLatency(meter)),
                new FailureClassifier(List.of(InvalidEventException.class, UnknownRecipient.class),
                        List.of(RecipientNotKnownYet.class)), meter));
        loops.put("inbound-consumer", RunningLoop.start("chat4all-router-inbound", kafka,
                ConsumerSettings.from(config.get("router.inbound"), DEFAULT_INBOUND_GROUP), Topics.INBOUND,
                Topics.INBOUND_DLQ, new InboundHandler(directory, publisher),
                new FailureClassifier(List.of(InvalidEventException.class, UnroutableInbound.class)), meter));
        server = WebServer.builder()
                .config(config.get("server"))
                .addFeature(ObserveFeature.builder().addObserver(health(loops)).build())
                .build()
                .start();
    }

    /** Readiness per loop, liveness while every loop's thread runs. */
    private static HealthObserver health(Map<String, RunningLoop> loops) {
        HealthObserverConfig.Builder health = HealthObserver.builder().details(true);
        loops.forEach((name, loop) -> health.addCheck(loop::readiness, HealthCheckType.READINESS, name));
        return health.addCheck(() -> HealthCheckResponse.builder()
                        .status(loops.values().stream().allMatch(RunningLoop::isAlive)).build(),
                HealthCheckType.LIVENESS, "consumer-threads")
                .build();
    }

    @Override
    public int port() {
        return server.port();
    }

    /** Stops consuming (committing what was handled), then the producers, the web server and the Cassandra session. */
    @Override
    public void close() {
        loops.values().forEach(RunningLoop::stop);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        loops.values().forEach(loop -> loop.awaitAndClose(deadline));
        if (publisher != null) {
            publisher.close();
        }
        if (server != null) {
            server.stop();
        }
        if (session != null) {
            session.close();
        }
    }
}
