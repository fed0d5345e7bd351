package io.chat4all.connector;

import java.util.List;

import io.chat4all.contracts.Channel;
import io.chat4all.contracts.InvalidEventException;
import io.chat4all.kit.consumer.ConsumerLoop;
import io.chat4all.kit.consumer.ConsumerSettings;
import io.chat4all.kit.consumer.DeadLetterPublisher;
import io.chat4all.kit.consumer.FailureClassifier;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * The kit's consumer engine over {@code outbound.<channel>}, set up for delivery: a record that does not decode, that
 * the provider rejected, or that waited past give-up-after is dead-lettered at once (the handler has published FAILED
 * for the latter two); a provider that is unavailable is a transient failure, retried for as long as it takes.
 * Its fetching is held while the breaker is open ({@link StoreAndForward}).
 */
final class DeliveryLoop {
    static final FailureClassifier CLASSIFIER = new FailureClassifier(
            List.of(InvalidEventException.class, ProviderRejectedException.class, DeliveryExpiredException.class),
            List.of(ProviderUnavailableException.class));

    private DeliveryLoop() {
    }

    static ConsumerLoop<String, byte[]> create(Channel channel, Consumer<String, byte[]> consumer,
                                               DeliverHandler handler, DeadLetterPublisher<String, byte[]> deadLetters,
                                               ConsumerSettings settings, StoreAndForward storeAndForward,
                                               Meter meter, Tracer tracer) {
        ConsumerLoop<String, byte[]> loop = ConsumerLoop.<String, byte[]>builder()
                .consumer(consumer)
                .topics(List.of(channel.outboundTopic().name()))
                .handler(handler)
                .deadLetters(deadLetters)
                .classifier(CLASSIFIER)
                .settings(settings)
                .meter(meter)
                .tracer(tracer)
                .build();
        storeAndForward.control(new StoreAndForward.FetchControl() {
            @Override
            public void hold(String reason) {
                loop.holdFetching(reason);
            }

            @Override
            public void release() {
                loop.releaseFetching();
            }
        });
        return loop;
    }
}
