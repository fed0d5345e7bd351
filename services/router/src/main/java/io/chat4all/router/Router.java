package io.chat4all.router;

import java.time.Duration;
import java.util.List;
import java.util.SortedSet;
import java.util.stream.Collectors;

import com.datastax.oss.driver.api.core.CqlSession;
import io.chat4all.kit.CassandraSessions;
import io.chat4all.contracts.InvalidEventException;
import io.chat4all.kit.ExitOnDeath;
import io.chat4all.kit.KafkaSettings;
import io.chat4all.kit.RunningService;
import io.chat4all.contracts.Topics;
import io.chat4all.kit.consumer.ConsumerLoop;
import io.chat4all.kit.consumer.ConsumerSettings;
import io.chat4all.kit.consumer.DeadLetterPublisher;
import io.chat4all.kit.consumer.FailureClassifier;
import io.helidon.config.Config;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.opentelemetry.api.GlobalOpenTelemetry;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running router: a Cassandra session, the consumer loop over {@code messages} on its own thread, and a web server
 * that only serves health ({@code /observe/health}: ready once the consumer has polled and while no partition is
 * stalled, live while its thread runs). If the loop dies, the process exits non-zero.
 */
public final class Router implements RunningService {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    static final String DEFAULT_GROUP = "chat4all-router";
    /**
     * Time for the last commit to go through, within the launcher's 15 s grace (and compose's default 10 s stop
     * timeout, roughly). Whatever is not committed by then is redelivered to the next router and stored
     * idempotently: a slow stop costs time, never messages.
     */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    // Set in start order; close() releases whichever were started.
    private CqlSession session;
    private DeadLetterPublisher<String, byte[]> deadLetters;
    private ConsumerLoop<String, byte[]> loop;
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
        ConsumerSettings settings = ConsumerSettings.from(config.get("router"), DEFAULT_GROUP);
        deadLetters = new DeadLetterPublisher<>(new KafkaProducer<>(
                DeadLetterPublisher.producerSettings(KafkaSettings.common(config.get("kafka"), "chat4all-router-dlq")),
                new StringSerializer(), new ByteArraySerializer()), Topics.MESSAGES_DLQ.name());
        loop = ConsumerLoop.<String, byte[]>builder()
                .consumer(new KafkaConsumer<>(
                        settings.consumerProperties(KafkaSettings.common(config.get("kafka"), "chat4all-router")),
                        new StringDeserializer(), new ByteArrayDeserializer()))
                .topics(List.of(Topics.MESSAGES.name()))
                .handler(new StoreMessageHandler(new MessageStore(session)))
                .deadLetters(deadLetters)
                .classifier(new FailureClassifier(List.of(InvalidEventException.class)))
                .settings(settings)
                .meter(GlobalOpenTelemetry.getMeter("io.chat4all.router"))
                .build();
        worker = Thread.ofPlatform().name("router-consumer")
                .uncaughtExceptionHandler(new ExitOnDeath("the consumer loop"))
                .start(loop);
        server = WebServer.builder()
                .config(config.get("server"))
                .addFeature(ObserveFeature.builder().addObserver(health(loop, worker)).build())
                .build()
                .start();
    }

    private static HealthObserver health(ConsumerLoop<?, ?> loop, Thread worker) {
        return HealthObserver.builder()
                .details(true)
                .addCheck(() -> readiness(loop, worker), HealthCheckType.READINESS, "consumer")
                .addCheck(() -> HealthCheckResponse.builder().status(worker.isAlive()).build(),
                        HealthCheckType.LIVENESS, "consumer-thread")
                .build();
    }

    /** Ready once the consumer polled, while it runs and while every partition it holds makes progress. */
    private static HealthCheckResponse readiness(ConsumerLoop<?, ?> loop, Thread worker) {
        SortedSet<TopicPartition> stalled = loop.stalledPartitions();
        HealthCheckResponse.Builder response = HealthCheckResponse.builder()
                .status(loop.hasPolled() && worker.isAlive() && stalled.isEmpty())
                .detail("polled", loop.hasPolled());
        if (!stalled.isEmpty()) {
            response.detail("stalled", stalled.stream().map(TopicPartition::toString).collect(Collectors.joining(", ")));
        }
        return response.build();
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
