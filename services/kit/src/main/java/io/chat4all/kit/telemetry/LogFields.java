package io.chat4all.kit.telemetry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.slf4j.MDC;

/**
 * The log fields that tie a line to a message ({@code message_id}, {@code conversation_id}; logback.xml writes both),
 * put into the MDC for a while and then taken out again, restoring what was there before.
 */
public final class LogFields {
    public static final String MESSAGE_ID = "message_id";
    public static final String CONVERSATION_ID = "conversation_id";

    private LogFields() {
    }

    /** The fields of a message; {@code conversationId} may be null where the service does not know it. */
    public static Map<String, String> message(UUID messageId, UUID conversationId) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(MESSAGE_ID, messageId.toString());
        if (conversationId != null) {
            fields.put(CONVERSATION_ID, conversationId.toString());
        }
        return fields;
    }

    /** Puts {@code fields} into this thread's MDC until the returned scope is closed. */
    public static Restore put(Map<String, String> fields) {
        if (fields.isEmpty()) {
            return () -> {
            };
        }
        Map<String, String> before = new LinkedHashMap<>();
        fields.forEach((key, value) -> {
            before.put(key, MDC.get(key));
            MDC.put(key, value);
        });
        return () -> before.forEach((key, value) -> {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        });
    }

    /** Gives the MDC back as it was; closing never throws. */
    @FunctionalInterface
    public interface Restore extends AutoCloseable {
        @Override
        void close();
    }
}
