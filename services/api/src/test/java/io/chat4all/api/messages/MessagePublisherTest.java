package io.chat4all.api.messages;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import io.chat4all.contracts.DirectoryChange;
import io.chat4all.contracts.DirectoryChangeCodec;
import io.chat4all.contracts.InvalidEventException;
import io.chat4all.contracts.MessageEvent;
import io.chat4all.contracts.MessageStatus;
import io.chat4all.contracts.StatusEvent;
import io.chat4all.kit.http.ApiProblem;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The publish timing against Kafka's {@link MockProducer}: every publish is recorded once, by topic and outcome. */
class MessagePublisherTest {
    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private final SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(metrics).build();
    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer());
    private final MessagePublisher publisher = new MessagePublisher(producer, Duration.ofSeconds(2), meters.get("test"));

    @AfterEach
    void close() {
        meters.close();
    }

    @Test
    void everyPublishIsTimedOnceByTopicAndOutcome() {
        publisher.publish(message());
        publisher.publish(message());
        publisher.publish(new StatusEvent(UUID.randomUUID(), UUID.randomUUID(), MessageStatus.READ, Optional.empty(),
                Instant.now(), Optional.empty()));
        producer.sendException = new KafkaException("no broker");
        ApiProblem refused = assertThrows(ApiProblem.class, () -> publisher.publish(message()));
        assertEquals(503, refused.status().code());

        assertEquals(3, producer.history().size());
        MetricData histogram = metrics.collectAllMetrics().stream()
                .filter(metric -> metric.getName().equals("kafka.publish.duration")).findFirst().orElseThrow();
        assertEquals("s", histogram.getUnit());
        Map<Attributes, Long> counts = histogram.getHistogramData().getPoints().stream()
                .collect(Collectors.toMap(HistogramPointData::getAttributes, HistogramPointData::getCount));
        assertEquals(Map.of(
                attributes("messages", "acked"), 2L,
                attributes("status", "acked"), 1L,
                attributes("messages", "failed"), 1L), counts);
        histogram.getHistogramData().getPoints().forEach(point ->
                assertTrue(point.getMin() >= 0 && point.getMax() < 10, "seconds, not nanoseconds: " + point.getMax()));
    }

    @Test
    void directoryChangesGoToMessagesKeyedByConversationAndMarkedByTheirHeader() throws InvalidEventException {
        UUID user = UUID.randomUUID();
        List<DirectoryChange> changes = List.of(new DirectoryChange(UUID.randomUUID(), user),
                new DirectoryChange(UUID.randomUUID(), user));

        publisher.publish(changes);

        assertEquals(2, producer.history().size());
        for (int i = 0; i < changes.size(); i++) {
            ProducerRecord<String, byte[]> record = producer.history().get(i);
            assertEquals("messages", record.topic());
            assertEquals(changes.get(i).conversationId().toString(), record.key());
            assertEquals(changes.get(i), DirectoryChangeCodec.decode(record.value()));
            assertTrue(DirectoryChangeCodec.isKind(record.headers().lastHeader(DirectoryChangeCodec.HEADER).value()));
        }
        producer.sendException = new KafkaException("no broker");
        assertEquals(503, assertThrows(ApiProblem.class, () -> publisher.publish(changes)).status().code());
    }

    private static MessageEvent message() {
        return new MessageEvent(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "hello",
                Instant.now());
    }

    private static Attributes attributes(String topic, String outcome) {
        return Attributes.of(MessagePublisher.TOPIC, topic, MessagePublisher.OUTCOME, outcome);
    }
}
