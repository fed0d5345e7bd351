package io.chat4all.router;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import io.chat4all.contracts.InvalidEventException;
import io.chat4all.contracts.MessageEvent;
import io.chat4all.contracts.MessageEventCodec;
import io.chat4all.kit.consumer.RecordHandler;
import io.chat4all.kit.telemetry.LogFields;
import io.chat4all.kit.telemetry.MessageSpans;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the router does with one record of {@code messages}: decode it, store the message in Cassandra and hand it to
 * its recipients ({@link FanOut}). Handling the same record twice leaves one message. A record that does not decode
 * throws {@link InvalidEventException}, which the consumer loop dead-letters at once.
 */
final class StoreMessageHandler implements RecordHandler<String, byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(StoreMessageHandler.class);

    private final FanOut fanOut;

    StoreMessageHandler(FanOut fanOut) {
        this.fanOut = fanOut;
    }

    @Override
    public Map<String, String> logFields(ConsumerRecord<String, byte[]> record) {
        try {
            MessageEvent event = MessageEventCodec.decode(record.value());
            return LogFields.message(event.messageId(), event.conversationId());
        } catch (InvalidEventException e) {
            return Map.of();
        }
    }

    @Override
    public CompletionStage<Void> handle(ConsumerRecord<String, byte[]> record, int attempt)
            throws InvalidEventException {
        MessageEvent event = MessageEventCodec.decode(record.value());
        MessageSpans.message(event.messageId(), event.conversationId());
        if (attempt == 1) {
            LOG.debug("storing message {}", event.messageId());
        } else {
            // Logged at DEBUG so that an outage does not flood the log; the loop warns about retries itself.
            LOG.debug("storing message {} again (attempt {})", event.messageId(), attempt);
        }
        return fanOut.deliver(event);
    }
}
