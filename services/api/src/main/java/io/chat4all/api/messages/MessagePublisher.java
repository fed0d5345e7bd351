package io.chat4all.api.messages;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.chat4all.api.conversations.DirectoryChanges;
import io.chat4all.kit.DurationHistograms;
import io.chat4all.kit.http.ApiProblem;
import io.chat4all.kit.KafkaSettings;
import io.chat4all.contracts.DirectoryChange;
import io.chat4all.contracts.DirectoryChangeCodec;
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
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes accepted messages to {@link Topics#MESSAGES}, keyed by conversation so a conversation keeps its order, and
 * status events of recipients served by the api to {@link Topics#STATUS}, keyed by message id, and
 * {@link DirectoryChange}s to {@link Topics#MESSAGES}, keyed by conversation like its messages; it returns only once
 * the broker has durably acknowledged them. A broker that cannot be reached is a 503 within
 * {@code kafka.publish-timeout}, never a hang.
 *
 * <p>Each publish is timed from {@code send} to the broker's verdict in {@code kafka.publish.duration}
 * ({@code kafka_publish_duration_seconds} in Prometheus), by {@code topic} and {@code outcome} ({@code acked} or
 * {@code failed}; a failure is a 503).
 */
public final class MessagePublisher implements DirectoryChanges, AutoCloseable {
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
        send(List.of(new ProducerRecord<>(Topics.MESSAGES.name(), event.conversationId().toString(),
                MessageEventCodec.encode(event))), "the message could not be queued; retry later, with the same "
                + "Idempotency-Key or message_id to keep it a single message");
    }

    /** Blocks until the broker acknowledged the event; a 503 {@link ApiProblem} when it did not. */
    public void publish(StatusEvent event) {
        send(List.of(new ProducerRecord<>(Topics.STATUS.name(), event.messageId().toString(),
                        StatusEventCodec.encode(event))),
                "the status could not be queued; retry later (a repeated report changes nothing)");
    }

    /**
     * Blocks until the broker acknowledged every change; a 503 {@link ApiProblem} when one was not. The change itself
     * is stored already: a client that retries it publishes them again.
     */
    @Override
    public void publish(List<DirectoryChange> changes) {
        String detail = "the change is saved, but routers could not be told of it; retry it later (a repeated change "
                + "changes nothing more)";
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(changes.size());
        for (DirectoryChange change : changes) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.MESSAGES.name(),
                    change.conversationId().toString(), DirectoryChangeCodec.encode(change));
            record.headers().add(DirectoryChangeCodec.HEADER, DirectoryChangeCodec.KIND.getBytes(StandardCharsets.UTF_8));
            records.add(record);
        }
        send(records, detail);
    }

    /**
     * Sends every record, then waits for each acknowledgement, timed from the same start (a later record's wait
     * includes the earlier ones'); the first that fails is a 503 with {@code unavailableDetail}.
     */
    private void send(List<ProducerRecord<String, byte[]>> records, String unavailableDetail) {
        long started = System.nanoTime();
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        try {
            records.forEach(record -> acks.add(producer.send(record)));
        } catch (RuntimeException e) {
            String topic = records.get(acks.size()).topic();
            recordPublish(started, topic, "failed");
            throw e instanceof KafkaException ? unavailable(topic, e, unavailableDetail) : e;
        }
        for (int i = 0; i < acks.size(); i++) {
            await(acks.get(i), records.get(i).topic(), started, unavailableDetail);
        }
    }

    private void await(Future<RecordMetadata> ack, String topic, long started, String unavailableDetail) {
        String outcome = "failed";
        try {
            ack.get(deliveryTimeout.plus(VERDICT_MARGIN).toMillis(), TimeUnit.MILLISECONDS);
            outcome = "acked";
        } catch (ExecutionException e) {
            throw unavailable(topic, e.getCause(), unavailableDetail);
        } catch (TimeoutException | KafkaException e) {
            throw unavailable(topic, e, unavailableDetail);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(topic, e, unavailableDetail);
        } finally {
            recordPublish(started, topic, outcome);
        }
    }

    private void recordPublish(long started, String topic, String outcome) {
        publishDuration.record(DurationHistograms.seconds(System.nanoTime() - started),
                Attributes.of(TOPIC, topic, OUTCOME, outcome));
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
