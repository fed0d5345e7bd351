package io.chat4all.connector;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.chat4all.contracts.Topics;
import io.chat4all.kit.KafkaSettings;
import io.chat4all.kit.RunningService;
import io.chat4all.kit.consumer.ConsumerSettings;
import io.chat4all.kit.consumer.DeadLetterPublisher;
import io.chat4all.kit.consumer.RunningLoop;
import io.chat4all.kit.http.JsonBodies;
import io.chat4all.kit.http.ServiceWebServer;
import io.helidon.config.Config;
import io.helidon.health.HealthCheck;
import io.helidon.webserver.WebServer;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running connector for one channel: the consumer loop over {@code outbound.<channel>} on its own thread, sending
 * through the provider's guards, and a web server for the provider's webhooks and for health. If the loop dies, the
 * process exits non-zero.
 */
public final class Connector implements RunningService {
    private static final Logger LOG = LoggerFactory.getLogger(Connector.class);
    /** Time for the last commit to go through; what is not committed is sent again, and the provider deduplicates. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    // Set in start order; close() releases whichever were started.
    private Producer<String, byte[]> producer;
    private Admin admin;
    private ConnectorMetrics metrics;
    private RunningLoop loop;
    private WebServer server;

    private Connector() {
    }

    /** Refuses to start without a channel and a webhook secret; then consumes, sends and serves webhooks and health. */
    public static Connector start(Config config) {
        Connector connector = new Connector();
        try {
            connector.startParts(config);
            return connector;
        } catch (RuntimeException e) {
            connector.close();
            throw e;
        }
    }

    private void startParts(Config config) {
        ConnectorSettings settings = ConnectorSettings.from(config.get("connector"));
        ConsumerSettings consuming = ConsumerSettings.from(config.get("connector"), settings.defaultGroup());
        String name = "chat4all-connector-" + settings.channel().wireName();
        LOG.info("connector of {} sends to {} ({}, {})", settings.channel().wireName(), settings.providerUrl(),
                settings.breaker(), settings.retry());
        Meter meter = GlobalOpenTelemetry.getMeter("io.chat4all.connector");
        KafkaSettings kafka = KafkaSettings.from(config.get("kafka"));
        Clock clock = Clock.systemUTC();

        producer = new KafkaProducer<>(DeadLetterPublisher.producerSettings(kafka.client(name)),
                new StringSerializer(), new ByteArraySerializer());
        admin = Admin.create(kafka.client(name + "-health"));
        EventPublisher events = new EventPublisher(producer);
        CallbackData callbacks = new CallbackData(settings.webhookSecret());

        ProviderResilience guards = ProviderResilience.create(name, settings);
        ResilienceEvents.record(guards.retry(), guards.breaker());
        HttpClient http = ProviderClient.httpClient(settings.callTimeout());
        ProviderClient provider = new ProviderClient(http, settings.providerUrl(), settings.channel(),
                settings.callTimeout(), guards, clock);
        StoreAndForward waiting = new StoreAndForward(guards.breaker(), settings.channel());
        metrics = new ConnectorMetrics(meter, settings.channel(), guards.breaker(), waiting::waiting);
        DeliverHandler handler = new DeliverHandler(settings.channel(), provider, callbacks, events, waiting, metrics,
                settings.giveUpAfter(), clock);

        loop = RunningLoop.run("connector-consumer", DeliveryLoop.create(settings.channel(),
                new KafkaConsumer<>(consuming.consumerProperties(kafka.client(name)),
                        new StringDeserializer(), new ByteArrayDeserializer()),
                handler, new DeadLetterPublisher<>(producer, Topics.OUTBOUND_DLQ.name()), consuming, waiting, meter,
                GlobalOpenTelemetry.getTracer("io.chat4all.connector")));

        WebhookEndpoint webhooks = new WebhookEndpoint(settings.channel(), new WebhookSignature(settings.webhookSecret()),
                callbacks, events, new JsonBodies(ServiceWebServer.maxBody(config.get("server"))), clock);
        List<HealthCheck> checks = new ArrayList<>(ConnectorHealth.checks(loop, guards.breaker(), waiting,
                provider));
        checks.add(new KafkaHealthCheck(admin));
        server = ServiceWebServer.build(config.get("server"), webhooks::register, checks).start();
    }

    @Override
    public int port() {
        return server.port();
    }

    /** Stops consuming (committing what was sent), then the web server, the producer and the admin client. */
    @Override
    public void close() {
        if (loop != null) {
            loop.stop();
            loop.awaitAndClose(System.nanoTime() + STOP_TIMEOUT.toNanos());
        }
        if (server != null) {
            server.stop();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
