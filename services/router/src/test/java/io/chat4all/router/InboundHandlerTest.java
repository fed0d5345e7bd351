package io.chat4all.router;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import io.chat4all.contracts.Channel;
import io.chat4all.contracts.InboundMessage;
import io.chat4all.contracts.InboundMessageCodec;
import io.chat4all.contracts.MessageEvent;
import io.chat4all.contracts.MessageEventCodec;
import io.chat4all.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InboundHandlerTest {
    private static final Instant RECEIVED = Instant.parse("2026-12-02T10:00:00.123Z");
    private static final String ANA_PHONE = "+5511987654321";

    private final UUID ana = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final UUID conversation = UUID.randomUUID();
    private final List<MessageEvent> published = new ArrayList<>();

    private final InboundDirectory directory = new InboundDirectory() {
        @Override
        public CompletionStage<Optional<UUID>> userByAddress(Channel channel, String address) {
            return done(channel == Channel.WHATSAPP && address.equals(ANA_PHONE) ? Optional.of(ana) : Optional.empty());
        }

        @Override
        public CompletionStage<Optional<UUID>> userByName(String username) {
            return done(Optional.ofNullable(Map.of("bob", bob, "carol", UUID.randomUUID()).get(username)));
        }

        @Override
        public CompletionStage<Optional<UUID>> privateConversation(UUID one, UUID other) {
            boolean anaAndBob = (one.equals(ana) && other.equals(bob)) || (one.equals(bob) && other.equals(ana));
            return done(anaAndBob ? Optional.of(conversation) : Optional.empty());
        }
    };

    private final InboundHandler handler = new InboundHandler(directory, event -> {
        published.add(event);
        return CompletableFuture.completedFuture(null);
    });

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    private static ConsumerRecord<String, byte[]> record(String providerId, String from, String toUser) {
        InboundMessage inbound = new InboundMessage(Channel.WHATSAPP, providerId, from, toUser, "oi Bob", RECEIVED);
        return new ConsumerRecord<>(Topics.INBOUND.name(), 0, 0, from, InboundMessageCodec.encode(inbound));
    }

    @Test
    void aLinkedSendersMessageEntersTheirPrivateConversation() throws Exception {
        handler.read(record("wamid.1", ANA_PHONE, "bob")).attempt().run(1).toCompletableFuture().join();

        MessageEvent event = published.get(0);
        assertEquals(conversation, event.conversationId());
        assertEquals(ana, event.senderId());
        assertEquals("oi Bob", event.text());
        assertEquals(RECEIVED, event.acceptedAt());
        // The event must pass the same validation as the api's: storage decodes it like any other.
        assertEquals(event, MessageEventCodec.decode(MessageEventCodec.encode(event)));
        assertEquals(RECEIVED.toEpochMilli(), (event.seq().timestamp() - 0x01b21dd213814000L) / 10_000);
    }

    @Test
    void aRedeliveredInboundIsTheSameEventAndAnotherOneIsNot() throws Exception {
        handler.read(record("wamid.1", ANA_PHONE, "bob")).attempt().run(1).toCompletableFuture().join();
        handler.read(record("wamid.1", ANA_PHONE, "bob")).attempt().run(1).toCompletableFuture().join();
        handler.read(record("wamid.2", ANA_PHONE, "bob")).attempt().run(1).toCompletableFuture().join();

        assertEquals(published.get(0), published.get(1));
        assertNotEquals(published.get(0).messageId(), published.get(2).messageId());
        assertNotEquals(published.get(0).seq(), published.get(2).seq(), "same millisecond, different seq");
    }

    @Test
    void unroutableInboundFailsWithItsReasonAndPublishesNothing() {
        assertEquals("whatsapp address +5511900000000 is linked to no Chat4All user",
                unroutableReason(record("wamid.3", "+5511900000000", "bob")));
        assertEquals("no Chat4All user is named nobody", unroutableReason(record("wamid.4", ANA_PHONE, "nobody")));
        assertEquals("the sender and carol have no private conversation",
                unroutableReason(record("wamid.5", ANA_PHONE, "carol")));
        assertTrue(published.isEmpty());
    }

    private String unroutableReason(ConsumerRecord<String, byte[]> record) {
        CompletionException failure = assertThrows(CompletionException.class,
                () -> handler.read(record).attempt().run(1).toCompletableFuture().join());
        return assertInstanceOf(UnroutableInbound.class, failure.getCause()).getMessage();
    }
}
