package io.chat4all.router;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.chat4all.common.InvalidEventException;
import io.chat4all.common.MessageEvent;
import io.chat4all.common.MessageEventCodec;
import io.chat4all.common.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What the router does with one record of {@code messages}: a valid event is stored in Cassandra, a poison record
 * (undecodable, invalid or empty) goes to the dead-letter topic. Processing the same record twice leaves one message.
 *
 * <p>Call it on the consumer thread inside the loop over the polled records: the tracing agent makes the record's
 * process span current there, so the log lines and the Cassandra or DLQ write join the producer's trace.
 */
public final class RecordProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(RecordProcessor.class);
    private static final String MESSAGE_ID = "message_id";
    private static final String CONVERSATION_ID = "conversation_id";

    private final MessageStore store;
    private final DeadLetterPublisher deadLetters;

    public RecordProcessor(MessageStore store, DeadLetterPublisher deadLetters) {
        this.store = store;
        this.deadLetters = deadLetters;
    }

    /**
     * Stores the record's message, or dead-letters a poison record. Completes when Cassandra (or Kafka, for the DLQ)
     * acknowledged the write; a failed stage means nothing may be committed past this record yet. Never throws.
     */
    public CompletionStage<Void> process(ConsumerRecord<String, byte[]> record) {
        return handle(record, true);
    }

    /** The same work for a record whose earlier attempt failed; logged at DEBUG so an outage does not flood the log. */
    CompletionStage<Void> retry(ConsumerRecord<String, byte[]> record) {
        return handle(record, false);
    }

    private CompletionStage<Void> handle(ConsumerRecord<String, byte[]> record, boolean firstAttempt) {
        try {
            return store(MessageEventCodec.decode(record.value()), firstAttempt);
        } catch (InvalidEventException e) {
            return deadLetter(record, e.getMessage(), firstAttempt);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletionStage<Void> store(MessageEvent event, boolean firstAttempt) {
        MDC.put(MESSAGE_ID, event.messageId().toString());
        MDC.put(CONVERSATION_ID, event.conversationId().toString());
        try {
            if (firstAttempt) {
                LOG.info("storing message {}", event.messageId());
            } else {
                LOG.debug("storing message {} again", event.messageId());
            }
            return store.store(event);
        } finally {
            MDC.remove(MESSAGE_ID);
            MDC.remove(CONVERSATION_ID);
        }
    }

    private CompletionStage<Void> deadLetter(ConsumerRecord<String, byte[]> record, String reason,
                                             boolean firstAttempt) {
        if (firstAttempt) {
            LOG.warn("poison record {}-{}@{} goes to {}: {}",
                    record.topic(), record.partition(), record.offset(), Topics.MESSAGES_DLQ, reason);
        }
        return deadLetters.publish(record, reason);
    }
}
