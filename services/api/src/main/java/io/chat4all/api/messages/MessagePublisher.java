package io.chat4all.api.messages;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.chat4all.kit.DurationHistograms;
import io.chat4all.kit.http.ApiProblem;
import io.chat4all.kit.KafkaSettings;
import io.chat4all.contracts.MessageEvent;
import io.chat4all.contracts.MessageEventCodec;
import io.chat4all.contracts.StatusEvent;
import io.chat4all.contracts.StatusEventCodec;
import io.chat4all.contracts.Topics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes accepted messages to {@link Topics#MESSAGES}, keyed by conversation so a conversation keeps its order, and
 * status events of recipients served by the api to {@link Topics#STATUS}, keyed by message id; it returns only once
 * the broker has durably acknowledged them. A broker that cannot be reached is a 503 within
 * {@code kafka.publish-timeout}, never a hang.
 *
 * <p>Each publish is timed from {@code send} to the broker's verdict in {@code kafka.publish.duration}
 * ({@code kafka_publish_duration_seconds} in Prometheus), by {@code topic} and {@code outcome} ({@code acked} or
 * {@code failed}; a failure is a 503).
 */
public final class MessagePublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MessagePublisher.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);
    private static final Duration MAX_BLOCK = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration LINGER = Duration.ofMillis(5);
    /** Extra wait beyond the producer's delivery timeout, so its own verdict normally arrives first. */
    private static final Duration VERDICT_MARGIN = Duration.ofSeconds(1);

    static final AttributeKey<String> TOPIC = AttributeKey.stringKey("topic");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");

    private final Producer<String, byte[]> producer;
    private final Duration deliveryTimeout;
    private final DoubleHistogram publishDuration;

    MessagePublisher(Producer<String, byte[]> producer, Duration deliveryTimeout, Meter meter) {
        this.producer = producer;
        this.deliveryTimeout = deliveryTimeout;
        this.publishDuration = DurationHistograms.seconds(meter, "kafka.publish.duration",
                "From sending an event to Kafka to the broker's acknowledgement, or to the failure answered with 503");
    }

    /** A publisher that waits up to {@code kafka.publishTimeout()} for each acknowledgement. */
    public static MessagePublisher create(KafkaSettings kafka, Meter meter) {
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
        Duration deliveryTimeout = max(kafka.publishTimeout(), LINGER.plus(REQUEST_TIMEOUT));
        Map<String, Object> props = kafka.client("chat4all-api");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, (int) LINGER.toMillis());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis());
        return new MessagePublisher(new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer()),
                deliveryTimeout, meter);
    }

    /** Blocks until the broker acknowledged the event; a 503 {@link ApiProblem} when it did not. */
    public void publish(MessageEvent event) {
        send(new ProducerRecord<>(Topics.MESSAGES.name(), event.conversationId().toString(),
                MessageEventCodec.encode(event)), "the message could not be queued; retry later, with the same "
                + "Idempotency-Key or message_id to keep it a single message");
    }

    /** Blocks until the broker acknowledged the event; a 503 {@link ApiProblem} when it did not. */
    public void publish(StatusEvent event) {
        send(new ProducerRecord<>(Topics.STATUS.name(), event.messageId().toString(), StatusEventCodec.encode(event)),
                "the status could not be queued; retry later (a repeated report changes nothing)");
    }

    private void send(ProducerRecord<String, byte[]> record, String unavailableDetail) {
        long started = System.nanoTime();
        String outcome = "failed";
        try {
            producer.send(record).get(deliveryTimeout.plus(VERDICT_MARGIN).toMillis(), TimeUnit.MILLISECONDS);
            outcome = "acked";
        } catch (ExecutionException e) {
            throw unavailable(record.topic(), e.getCause(), unavailableDetail);
        } catch (TimeoutException | KafkaException e) {
            throw unavailable(record.topic(), e, unavailableDetail);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(record.topic(), e, unavailableDetail);
        } finally {
            publishDuration.record(DurationHistograms.seconds(System.nanoTime() - started),
                    Attributes.of(TOPIC, record.topic(), OUTCOME, outcome));
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    private static ApiProblem unavailable(String topic, Throwable cause, String detail) {
        LOG.warn("publish to {} failed: {}", topic, cause.toString());
        return ApiProblem.unavailable(detail, RETRY_AFTER);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
