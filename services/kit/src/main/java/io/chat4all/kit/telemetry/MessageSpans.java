package io.chat4all.kit.telemetry;

import java.util.UUID;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;

/**
 * The business attributes every service puts on the span that handles a message, with the same keys everywhere, so
 * that one query finds a message's spans in every service: {@code message.id}, {@code conversation.id},
 * {@code channel} and {@code chat4all.outcome} (what became of it in that span, a short lowercase word).
 * Ids belong on spans, never on metrics (docs/metrics.md, Cardinality).
 */
public final class MessageSpans {
    public static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("message.id");
    public static final AttributeKey<String> CONVERSATION_ID = AttributeKey.stringKey("conversation.id");
    public static final AttributeKey<String> CHANNEL = AttributeKey.stringKey("channel");
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("chat4all.outcome");

    private MessageSpans() {
    }

    /** Names the message on the current span; {@code conversationId} may be null where it is not known. */
    public static void message(UUID messageId, UUID conversationId) {
        Span span = Span.current();
        span.setAttribute(MESSAGE_ID, messageId.toString());
        if (conversationId != null) {
            span.setAttribute(CONVERSATION_ID, conversationId.toString());
        }
    }

    public static void channel(String channel) {
        Span.current().setAttribute(CHANNEL, channel);
    }

    public static void outcome(String outcome) {
        Span.current().setAttribute(OUTCOME, outcome);
    }
}
