package io.chat4all.router;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.chat4all.contracts.InboundMessage;
import io.chat4all.contracts.InboundMessageCodec;
import io.chat4all.contracts.InvalidEventException;
import io.chat4all.contracts.MessageEvent;
import io.chat4all.kit.consumer.RecordHandler;
import io.chat4all.kit.telemetry.CapturedContext;
import io.chat4all.kit.telemetry.LogFields;
import io.chat4all.kit.telemetry.MessageSpans;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Brings a platform user's message into the normal message flow (ADR 0003): the sender's address is resolved to the
 * Chat4All user who linked it, the addressed username to its user, and the message becomes a {@link MessageEvent} of
 * their private conversation, published to {@code messages} like one the api accepted.
 *
 * <p>Its {@code message_id} and {@code seq} are derived from the channel and the provider's id, so a redelivered
 * webhook or record publishes the very same event, which storage keeps once (ADR 0001).
 */
final class InboundHandler implements RecordHandler<String, byte[]> {
    private final InboundDirectory directory;
    private final MessageFlow messages;

    InboundHandler(InboundDirectory directory, MessageFlow messages) {
        this.directory = directory;
        this.messages = messages;
    }

    @Override
    public Handling read(ConsumerRecord<String, byte[]> record) throws InvalidEventException {
        InboundMessage inbound = InboundMessageCodec.decode(record.value());
        UUID messageId = messageIdOf(inbound);
        return new Handling(LogFields.message(messageId, null), attempt -> handle(inbound, messageId));
    }

    private CompletionStage<Void> handle(InboundMessage inbound, UUID messageId) {
        MessageSpans.message(messageId, null);
        MessageSpans.channel(inbound.channel().wireName());
        // Each lookup completes on the driver's thread: the next one and the publish must stay in this trace.
        CapturedContext here = CapturedContext.capture();
        return directory.userByAddress(inbound.channel(), inbound.from()).thenCompose(here.wrap(sender -> {
            UUID senderId = require(sender, inbound.channel().wireName() + " address " + inbound.from()
                    + " is linked to no Chat4All user");
            return directory.userByName(inbound.toUser()).thenCompose(here.wrap(recipient -> {
                UUID recipientId = require(recipient, "no Chat4All user is named " + inbound.toUser());
                return directory.privateConversation(senderId, recipientId).thenCompose(here.wrap(conversation -> {
                    UUID conversationId = require(conversation, "the sender and " + inbound.toUser()
                            + " have no private conversation");
                    MessageSpans.message(messageId, conversationId);
                    MessageSpans.outcome("published");
                    return messages.publish(eventOf(inbound, senderId, conversationId));
                }));
            }));
        }));
    }

    static MessageEvent eventOf(InboundMessage inbound, UUID senderId, UUID conversationId) {
        return new MessageEvent(messageIdOf(inbound), conversationId, senderId,
                seqOf(nameOf(inbound), inbound.receivedAt().toEpochMilli()), inbound.text(), inbound.receivedAt());
    }

    /** The message id of an inbound message: the same for every delivery of the provider's message. */
    static UUID messageIdOf(InboundMessage inbound) {
        return UUID.nameUUIDFromBytes(nameOf(inbound));
    }

    private static byte[] nameOf(InboundMessage inbound) {
        return ("chat4all-inbound:" + inbound.channel().wireName() + ":" + inbound.providerMessageId())
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A time-based UUID at {@code millis} whose clock sequence and node come from a hash of {@code name}: the same
     * inbound message always gets the same {@code seq}, and two arriving in the same millisecond get different ones.
     */
    private static UUID seqOf(byte[] name, long millis) {
        long hash = ByteBuffer.wrap(sha256(name)).getLong();
        long variant = 0x8000_0000_0000_0000L;
        return new UUID(Uuids.startOf(millis).getMostSignificantBits(), (hash & 0x3FFF_FFFF_FFFF_FFFFL) | variant);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static UUID require(Optional<UUID> found, String reasonIfMissing) {
        return found.orElseThrow(() -> new CompletionException(new UnroutableInbound(reasonIfMissing)));
    }
}
