package io.chat4all.router;

import java.time.Duration;

import com.datastax.oss.driver.api.core.CqlSession;
import io.chat4all.common.CassandraSessions;
import io.chat4all.common.RunningService;
import io.helidon.config.Config;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running router: a Cassandra session, the Kafka consumer loop on its own thread, and a web server that only
 * serves health ({@code /observe/health}: ready once the consumer has polled, live while its thread runs).
 */
public final class Router implements RunningService {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    /**
     * Time for in-flight writes to settle and the last commit to go through, within the launcher's 15 s grace (and
     * compose's default 10 s stop timeout, roughly). Whatever is not committed by then is redelivered to the next
     * router and stored idempotently: a slow stop costs time, never messages.
     */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    // Set in start order; close() releases whichever were started.
    private CqlSession session;
    private DeadLetterPublisher deadLetters;
    private MessageConsumerLoop loop;
    private Thread worker;
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
        session = CassandraSessions.open(config.get("cassandra"));
        deadLetters = DeadLetterPublisher.create(config.get("kafka"));
        loop = MessageConsumerLoop.create(config, new RecordProcessor(new MessageStore(session), deadLetters));
        worker = Thread.ofPlatform().name("router-consumer").start(loop);
        server = WebServer.builder()
                .config(config.get("server"))
                .addFeature(ObserveFeature.builder().addObserver(health(loop, worker)).build())
                .build()
                .start();
    }

    private static HealthObserver health(MessageConsumerLoop loop, Thread worker) {
        return HealthObserver.builder()
                .details(true)
                // Ready once the consumer polled, and only while it still runs: a dead loop must not look ready.
                .addCheck(() -> HealthCheckResponse.builder().status(loop.hasPolled() && worker.isAlive()).build(),
                        HealthCheckType.READINESS, "consumer-polled")
                .addCheck(() -> HealthCheckResponse.builder().status(worker.isAlive()).build(),
                        HealthCheckType.LIVENESS, "consumer-thread")
                .build();
    }

    @Override
    public int port() {
        return server.port();
    }

    /** Stops consuming (committing what was stored), then the web server and the Cassandra session. */
    @Override
    public void close() {
        if (worker != null) {
            loop.stop();
            awaitWorker();
        }
        if (deadLetters != null) {
            deadLetters.close();
        }
        if (server != null) {
            server.stop();
        }
        if (session != null) {
            session.close();
        }
    }

    private void awaitWorker() {
        try {
            if (!worker.join(STOP_TIMEOUT)) {
                LOG.warn("consumer thread still running after {}; closing the rest anyway", STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
