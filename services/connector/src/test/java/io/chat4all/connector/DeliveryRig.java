package io.chat4all.connector;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.chat4all.contracts.Channel;
import io.chat4all.contracts.InvalidEventException;
import io.chat4all.contracts.OutboundMessage;
import io.chat4all.contracts.OutboundMessageCodec;
import io.chat4all.contracts.StatusEvent;
import io.chat4all.contracts.StatusEventCodec;
import io.chat4all.contracts.Topics;
import io.chat4all.kit.consumer.Backoff;
import io.chat4all.kit.consumer.ConsumerLoop;
import io.chat4all.kit.consumer.ConsumerSettings;
import io.chat4all.kit.consumer.DeadLetterPublisher;
import io.chat4all.kit.telemetry.MessageSpans;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A connector's delivery path, whole, for unit tests: the kit's consumer loop on its own thread over Kafka's
 * {@link MockConsumer}, the real handler, guards and store-and-forward, a {@link FakeProvider} over real HTTP, and a
 * {@link MockProducer} that takes status events and dead letters.
 */
final class DeliveryRig implements AutoCloseable {
    static final TopicPartition P0 = new TopicPartition(Channel.WHATSAPP.outboundTopic().name(), 0);

    final FakeProvider provider;
    final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer());
    final InMemoryMetricReader metricReader = InMemoryMetricReader.create();
    final SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(metricReader).build();
    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    final SdkTracerProvider tracers = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    final ProviderResilience guards;
    final StoreAndForward storeAndForward;
    final ConsumerLoop<String, byte[]> loop;
    private final Thread worker;
    private long nextOffset;

    DeliveryRig(int failureThreshold, int retryAttempts, Duration waitInOpen) throws Exception {
        provider = new FakeProvider("whatsapp");
        ConnectorSettings settings = TestSettings.of(provider.url(), failureThreshold, retryAttempts, waitInOpen);
        ConsumerSettings consuming = new ConsumerSettings("chat4all-connector-whatsapp", 500, Duration.ofSeconds(10), 3,
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)), 1000, Duration.ofSeconds(30), Duration.ZERO);
        guards = ProviderResilience.create("test", settings);
        storeAndForward = new StoreAndForward(guards.breaker(), Channel.WHATSAPP);
        ResilienceEvents.record(guards.retry(), guards.breaker());
        ConnectorMetrics metrics = new ConnectorMetrics(meters.get("test"), Channel.WHATSAPP, guards.breaker(),
                storeAndForward::waiting);
        ProviderClient client = new ProviderClient(ProviderClient.httpClient(Duration.ofSeconds(2)), provider.url(),
                Channel.WHATSAPP, settings.callTimeout(), guards, Clock.systemUTC());
        DeliverHandler handler = new DeliverHandler(Channel.WHATSAPP, client, new CallbackData(TestSettings.SECRET),
                new EventPublisher(producer), storeAndForward, metrics, settings.giveUpAfter(), Clock.systemUTC());
        loop = DeliveryLoop.create(Channel.WHATSAPP, consumer, handler,
                new DeadLetterPublisher<>(producer, Topics.OUTBOUND_DLQ.name()), consuming, storeAndForward,
                meters.get("test"), tracers.get("test"));
        consumer.schedulePollTask(() -> {
            consumer.updateBeginningOffsets(Map.of(P0, 0L));
            consumer.updateEndOffsets(Map.of(P0, 0L));
            consumer.rebalance(List.of(P0));
        });
        worker = Thread.ofPlatform().name("test-consumer").start(loop);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !consumer.assignment().isEmpty());
    }

    /** A message accepted {@code acceptedAt}, added to the partition; returns it. */
    OutboundMessage add(Instant acceptedAt) {
        OutboundMessage message = new OutboundMessage(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), Channel.WHATSAPP, "+5511987654321", "hello", Optional.empty(), acceptedAt);
        addRaw(message.conversationId().toString(), OutboundMessageCodec.encode(message));
        return message;
    }

    OutboundMessage add() {
        return add(Instant.now());
    }

    synchronized void addRaw(String key, byte[] value) {
        consumer.addRecord(new ConsumerRecord<>(P0.topic(), P0.partition(), nextOffset++, key, value));
    }

    long committed() {
        OffsetAndMetadata offset = consumer.committed(Set.of(P0)).get(P0);
        return offset == null ? 0 : offset.offset();
    }

    Set<TopicPartition> paused() {
        return consumer.paused();
    }

    /** The status events published, decoded, in order. */
    List<StatusEvent> statuses() {
        return producer.history().stream().filter(r -> r.topic().equals(Topics.STATUS.name()))
                .map(DeliveryRig::decode).toList();
    }

    List<ProducerRecord<String, byte[]>> deadLetters() {
        return producer.history().stream().filter(r -> r.topic().equals(Topics.OUTBOUND_DLQ.name())).toList();
    }

    static String reason(ProducerRecord<String, byte[]> deadLetter) {
        return new String(deadLetter.headers().lastHeader(DeadLetterPublisher.REASON).value(), StandardCharsets.UTF_8);
    }

    long gauge(String name) {
        return metricReader.collectAllMetrics().stream().filter(m -> m.getName().equals(name))
                .flatMap(m -> m.getLongGaugeData().getPoints().stream()).mapToLong(LongPointData::getValue)
                .findFirst().orElseThrow();
    }

    /** The ended spans of the attempts at {@code message}, in the order they ended. */
    List<SpanData> attemptSpans(OutboundMessage message) {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals("handle " + P0.topic()))
                .filter(span -> message.messageId().toString().equals(span.getAttributes().get(
                        MessageSpans.MESSAGE_ID)))
                .toList();
    }

    long sentCount(String outcome) {
        Attributes attributes = Attributes.of(ConnectorMetrics.CHANNEL, "whatsapp", ConnectorMetrics.STATUS, outcome);
        return metricReader.collectAllMetrics().stream().filter(m -> m.getName().equals("messages_sent"))
                .flatMap(m -> m.getLongSumData().getPoints().stream())
                .filter(p -> p.getAttributes().equals(attributes)).mapToLong(LongPointData::getValue).sum();
    }

    private static StatusEvent decode(ProducerRecord<String, byte[]> record) {
        try {
            return StatusEventCodec.decode(record.value());
        } catch (InvalidEventException e) {
            throw new AssertionError("undecodable status event", e);
        }
    }

    @Override
    public void close() {
        loop.stop();
        try {
            worker.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        meters.close();
        tracers.close();
        provider.close();
    }
}
