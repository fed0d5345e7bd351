package io.chat4all.router;

import java.util.concurrent.CompletionStage;

import io.chat4all.contracts.InvalidEventException;
import io.chat4all.contracts.MessageEvent;
import io.chat4all.contracts.MessageEventCodec;
import io.chat4all.kit.consumer.RecordHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What the router does with one record of {@code messages}: decode it, store the message in Cassandra and hand it to
 * its recipients ({@link FanOut}). Handling the same record twice leaves one message. A record that does not decode
 * throws {@link InvalidEventException}, which the consumer loop dead-letters at once.
 */
final class StoreMessageHandler implements RecordHandler<String, byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(StoreMessageHandler.class);
    private static final String MESSAGE_ID = "message_id";
    private static final String CONVERSATION_ID = "conversation_id";

    private final FanOut fanOut;

    StoreMessageHandler(FanOut fanOut) {
        this.fanOut = fanOut;
    }

    @Override
    public CompletionStage<Void> handle(ConsumerRecord<String, byte[]> record, int attempt)
            throws InvalidEventException {
        MessageEvent event = MessageEventCodec.decode(record.value());
        MDC.put(MESSAGE_ID, event.messageId().toString());
        MDC.put(CONVERSATION_ID, event.conversationId().toString());
        try {
            if (attempt == 1) {
                LOG.info("storing message {}", event.messageId());
            } else {
                // Logged at DEBUG so that an outage does not flood the log; the loop warns about retries itself.
                LOG.debug("storing message {} again (attempt {})", event.messageId(), attempt);
            }
            return fanOut.deliver(event);
        } finally {
            MDC.remove(MESSAGE_ID);
            MDC.remove(CONVERSATION_ID);
        }
    }
}
