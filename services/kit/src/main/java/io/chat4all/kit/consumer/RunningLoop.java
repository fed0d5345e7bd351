package io.chat4all.kit.consumer;

import java.time.Duration;
import java.util.List;
import java.util.SortedSet;
import java.util.stream.Collectors;

import io.chat4all.contracts.Topic;
import io.chat4all.kit.ExitOnDeath;
import io.chat4all.kit.KafkaSettings;
import io.helidon.health.HealthCheckResponse;
import io.opentelemetry.api.metrics.Meter;
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
 * One consumer loop of a service on its own thread, with its dead-letter producer. If the loop dies, the process
 * exits ({@link ExitOnDeath}): a service that stopped consuming one of its topics must not stay up looking alive.
 */
public final class RunningLoop {
    private static final Logger LOG = LoggerFactory.getLogger(RunningLoop.class);

    private final String name;
    private final ConsumerLoop<String, byte[]> loop;
    private final DeadLetterPublisher<String, byte[]> deadLetters;
    private final Thread worker;

    private RunningLoop(String name, ConsumerLoop<String, byte[]> loop, DeadLetterPublisher<String, byte[]> deadLetters) {
        this.name = name;
        this.loop = loop;
        this.deadLetters = deadLetters;
        this.worker = Thread.ofPlatform().name(name).uncaughtExceptionHandler(new ExitOnDeath("the loop " + name))
                .start(loop);
    }

    /**
     * Runs a loop built by the caller on its own thread; the caller owns the loop's dead-letter publisher.
     *
     * @param name the thread's name
     */
    public static RunningLoop run(String name, ConsumerLoop<String, byte[]> loop) {
        return new RunningLoop(name, loop, null);
    }

    /**
     * Starts consuming {@code topic} with {@code handler}; records it cannot handle go to {@code deadLetterTopic}.
     *
     * @param name  the loop's thread name and the client id of its Kafka clients
     * @param meter where the loop's metrics go (the service's meter)
     */
    public static RunningLoop start(String name, KafkaSettings kafka, ConsumerSettings settings, Topic topic,
                                    Topic deadLetterTopic, RecordHandler<String, byte[]> handler,
                                    FailureClassifier classifier, Meter meter) {
        DeadLetterPublisher<String, byte[]> deadLetters = new DeadLetterPublisher<>(new KafkaProducer<>(
                DeadLetterPublisher.producerSettings(kafka.client(name + "-dlq")),
                new StringSerializer(), new ByteArraySerializer()), deadLetterTopic.name());
        try {
            ConsumerLoop<String, byte[]> loop = ConsumerLoop.<String, byte[]>builder()
                    .consumer(new KafkaConsumer<>(settings.consumerProperties(kafka.client(name)),
                            new StringDeserializer(), new ByteArrayDeserializer()))
                    .topics(List.of(topic.name()))
                    .handler(handler)
                    .deadLetters(deadLetters)
                    .classifier(classifier)
                    .settings(settings)
                    .meter(meter)
                    .build();
            return new RunningLoop(name, loop, deadLetters);
        } catch (RuntimeException e) {
            deadLetters.close();
            throw e;
        }
    }

    public boolean isAlive() {
        return worker.isAlive();
    }

    /** Ready once the consumer polled, while it runs and while every partition it holds makes progress. */
    public HealthCheckResponse readiness() {
        return readiness(false);
    }

    /**
     * Like {@link #readiness()}, but while {@code stallsExpected} a stalled partition is reported and not failed:
     * for a service that holds records on purpose (a connector while its provider is down).
     */
    public HealthCheckResponse readiness(boolean stallsExpected) {
        SortedSet<TopicPartition> stalled = loop.stalledPartitions();
        HealthCheckResponse.Builder response = HealthCheckResponse.builder()
                .status(loop.hasPolled() && worker.isAlive() && (stalled.isEmpty() || stallsExpected))
                .detail("polled", loop.hasPolled())
                .detail("fetching_held", loop.isFetchingHeld());
        if (!stalled.isEmpty()) {
            response.detail("stalled", stalled.stream().map(TopicPartition::toString).collect(Collectors.joining(", ")));
        }
        return response.build();
    }

    /** Asks the loop to stop (it commits what is finished); {@link #close()} waits for it. */
    public void stop() {
        loop.stop();
    }

    /**
     * Waits until {@code deadline} (nanoTime) for the stopped loop to end, then closes its dead-letter producer if
     * this class created it.
     */
    public void awaitAndClose(long deadline) {
        try {
            if (!worker.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                LOG.warn("loop {} still running at the stop deadline; closing the rest anyway", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (deadLetters != null) {
            deadLetters.close();
        }
    }
}
