package io.chat4all.router;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import io.chat4all.contracts.DirectoryChange;
import io.chat4all.contracts.DirectoryChangeCodec;
import io.chat4all.contracts.InvalidEventException;
import io.chat4all.contracts.MessageEvent;
import io.chat4all.contracts.MessageEventCodec;
import io.chat4all.kit.consumer.RecordHandler;
import io.chat4all.kit.telemetry.LogFields;
import io.chat4all.kit.telemetry.MessageSpans;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the router does with one record of {@code messages}: decode it, store the message in Cassandra and hand it to
 * its recipients ({@link FanOut}). Handling the same record twice leaves one message. A record that does not decode
 * throws {@link InvalidEventException}, which the consumer loop dead-letters at once.
 *
 * <p>A record marked as a {@link DirectoryChange} (its header) is no message: it goes to {@code directoryChanged},
 * in the conversation's order like its messages.
 */
final class StoreMessageHandler implements RecordHandler<String, byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(StoreMessageHandler.class);

    private final FanOut fanOut;
    private final Consumer<DirectoryChange> directoryChanged;

    StoreMessageHandler(FanOut fanOut, Consumer<DirectoryChange> directoryChanged) {
        this.fanOut = fanOut;
        this.directoryChanged = directoryChanged;
    }

    @Override
    public Handling read(ConsumerRecord<String, byte[]> record) throws InvalidEventException {
        if (isDirectoryChange(record)) {
            DirectoryChange change = DirectoryChangeCodec.decode(record.value());
            return Handling.of(attempt -> {
                directoryChanged.accept(change);
                return CompletableFuture.completedFuture(null);
            });
        }
        MessageEvent event = MessageEventCodec.decode(record.value());
        return new Handling(LogFields.message(event.messageId(), event.conversationId()), attempt -> store(event, attempt));
    }

    private CompletionStage<Void> store(MessageEvent event, int attempt) {
        MessageSpans.message(event.messageId(), event.conversationId());
        if (attempt == 1) {
            LOG.debug("storing message {}", event.messageId());
        } else {
            // Logged at DEBUG so that an outage does not flood the log; the loop warns about retries itself.
            LOG.debug("storing message {} again (attempt {})", event.messageId(), attempt);
        }
        return fanOut.deliver(event);
    }

    private static boolean isDirectoryChange(ConsumerRecord<String, byte[]> record) {
        Header kind = record.headers().lastHeader(DirectoryChangeCodec.HEADER);
        return kind != null && DirectoryChangeCodec.isKind(kind.value());
    }
}
