package io.chat4all.router;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.chat4all.contracts.Attachment;
import io.chat4all.contracts.Channel;
import io.chat4all.contracts.MessageEvent;
import io.chat4all.contracts.OutboundMessage;
import io.chat4all.kit.telemetry.LogFields;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static io.chat4all.contracts.MessageStatus.ACCEPTED;
import static io.chat4all.contracts.MessageStatus.DELIVERED;
import static io.chat4all.contracts.MessageStatus.SENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FanOutTest {
    private static final Instant ACCEPTED_AT = Instant.parse("2026-06-01T10:00:00Z");
    private static final Instant STORED_AT = Instant.parse("2026-06-01T10:00:00.020Z");

    private final UUID alice = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final UUID carol = UUID.randomUUID();
    private final UUID conversation = UUID.randomUUID();
    private final MessageEvent event = new MessageEvent(UUID.randomUUID(), conversation, alice, Uuids.timeBased(),
            "hello group", ACCEPTED_AT);

    private final InMemoryStatusHistory history = new InMemoryStatusHistory();
    private final List<MessageEvent> stored = new ArrayList<>();
    private final List<OutboundMessage> published = new ArrayList<>();
    private final Directory directory = new Directory() {
        @Override
        public CompletionStage<List<UUID>> members(UUID conversationId) {
            return CompletableFuture.completedFuture(conversationId.equals(conversation) ? List.of(alice, bob, carol) : List.of());
        }

        @Override
        public CompletionStage<Optional<Identity>> identity(UUID userId) {
            Map<UUID, Identity> identities = Map.of(carol, new Identity(Channel.WHATSAPP, "+5511987654321"),
                    alice, new Identity(Channel.INSTAGRAM, "alice.sender"));
            return CompletableFuture.completedFuture(Optional.ofNullable(identities.get(userId)));
        }
    };

    private FanOut fanOut(Outbound outbound) {
        return new FanOut(directory, (message, recipients, sentAt) -> {
            history.recordSent(message.messageId(), recipients, message.acceptedAt(), sentAt);
            stored.add(message);
            return CompletableFuture.completedFuture(null);
        }, outbound, Clock.fixed(STORED_AT, ZoneOffset.UTC));
    }

    private final FanOut fanOut = fanOut(message -> {
        published.add(message);
        return CompletableFuture.completedFuture(null);
    });

    @Test
    void everyRecipientButTheSenderIsAcceptedAndSentAndTheMessageStored() {
        fanOut.deliver(event).toCompletableFuture().join();

        assertEquals(List.of(event), stored);
        assertEquals(List.of(ACCEPTED, SENT), history.statusesOf(event.messageId(), bob));
        assertEquals(List.of(ACCEPTED, SENT), history.statusesOf(event.messageId(), carol));
        assertEquals(List.of(), history.statusesOf(event.messageId(), alice), "the sender is no recipient");
        InMemoryStatusHistory.Entry carolSent = history.entries.stream()
                .filter(e -> e.recipientId().equals(carol) && e.status() == SENT).findFirst().orElseThrow();
        assertEquals(STORED_AT, carolSent.at());
        assertEquals(Optional.of(Channel.WHATSAPP), carolSent.channel());
    }

    @Test
    void onlyRecipientsWithAnIdentityGetAnOutboundMessage() {
        fanOut.deliver(event).toCompletableFuture().join();

        assertEquals(List.of(new OutboundMessage(event.messageId(), conversation, alice, carol, Channel.WHATSAPP,
                "+5511987654321", "hello group", Optional.empty(), ACCEPTED_AT)), published);
    }

    @Test
    void aFileTravelsWithItsSignedLinkToTheRecipientsChannel() {
        Attachment file = new Attachment(UUID.randomUUID(), "report.pdf", "application/pdf", 2048,
                URI.create("http://127.0.0.1:8080/v1/files/x/content?expires=1&signature=abc"));
        MessageEvent withFile = new MessageEvent(UUID.randomUUID(), conversation, alice, Uuids.timeBased(), "the report",
                ACCEPTED_AT, Optional.of(file));

        fanOut.deliver(withFile).toCompletableFuture().join();

        assertEquals(Optional.of(file), published.get(0).attachment());
    }

    @Test
    void aRedeliveryRewritesTheSameEntriesAndNeverMovesAStatusBack() {
        fanOut.deliver(event).toCompletableFuture().join();
        history.append(new io.chat4all.contracts.StatusEvent(event.messageId(), bob, DELIVERED, Optional.empty(),
                STORED_AT.plusSeconds(1), Optional.empty()));

        fanOut.deliver(event).toCompletableFuture().join();

        assertEquals(List.of(ACCEPTED, SENT, DELIVERED), history.statusesOf(event.messageId(), bob));
        assertEquals(4 + 1, history.entries.size());
    }

    @Test
    @SuppressWarnings("try")
    void theOutboundSendAfterAStoreCompletedOnADriverThreadIsStillInTheMessagesTraceAndLog() throws Exception {
        List<String> seen = new ArrayList<>();
        CompletableFuture<Void> stored = new CompletableFuture<>();
        FanOut onDriverThreads = new FanOut(directory, (message, recipients, sentAt) -> stored, message -> {
            seen.add(Span.current().getSpanContext().getSpanId() + " " + MDC.get(LogFields.MESSAGE_ID) + " "
                    + Thread.currentThread().getName());
            return CompletableFuture.completedFuture(null);
        }, Clock.fixed(STORED_AT, ZoneOffset.UTC));
        Span span;
        CompletableFuture<Void> done;
        try (SdkTracerProvider tracers = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create())).build()) {
            span = tracers.get("test").spanBuilder("handle messages").startSpan();
            try (Scope ignored = span.makeCurrent();
                 LogFields.Restore fields = LogFields.put(LogFields.message(event.messageId(), conversation))) {
                done = onDriverThreads.deliver(event).toCompletableFuture();
            }
            try (ExecutorService driver = Executors.newSingleThreadExecutor(r -> new Thread(r, "driver-io"))) {
                driver.submit(() -> stored.complete(null)).get();   // the driver completes the write, later
            }
            span.end();
        }
        done.join();

        assertEquals(List.of(span.getSpanContext().getSpanId() + " " + event.messageId() + " driver-io"), seen,
                "published from the driver's thread, under the handler's span and log fields");
    }

    @Test
    void aFailedPublishFailsTheRecordSoTheLoopRetriesIt() {
        FanOut failing = fanOut(message -> CompletableFuture.failedFuture(new IllegalStateException("broker down")));

        CompletionException failed = assertThrows(CompletionException.class,
                () -> failing.deliver(event).toCompletableFuture().join());
        assertTrue(failed.getCause() instanceof IllegalStateException, failed::toString);
        assertEquals(List.of(event), stored, "stored before publishing");
    }
}
