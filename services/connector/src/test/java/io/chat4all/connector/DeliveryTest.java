package io.chat4all.connector;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.chat4all.contracts.Channel;
import io.chat4all.contracts.MessageStatus;
import io.chat4all.contracts.OutboundMessage;
import io.chat4all.contracts.StatusEvent;
import io.chat4all.kit.telemetry.MessageSpans;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Delivery of outbound records end to end through the consumer engine, against a fake provider over real HTTP. */
class DeliveryTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private DeliveryRig rig;

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void anAcceptedMessageIsSentOnceAndCommittedWithoutStatus() throws Exception {
        rig = new DeliveryRig(5, 3, Duration.ofSeconds(5));
        OutboundMessage message = rig.add();

        await().atMost(WAIT).until(() -> rig.committed() == 1);

        assertEquals(1, rig.provider.sent(message.messageId().toString()));
        assertEquals(List.of(), rig.statuses(), "SENT is the router's; DELIVERED comes by webhook");
        assertEquals(1, rig.sentCount("accepted"));
    }

    @Test
    void aRejectionIsFailedAndDeadLetteredAtOnceAndDoesNotCountForTheBreaker() throws Exception {
        rig = new DeliveryRig(2, 3, Duration.ofSeconds(5));
        rig.provider.mode(FakeProvider.Mode.REJECT);
        OutboundMessage first = rig.add();
        OutboundMessage second = rig.add();
        OutboundMessage third = rig.add();

        await().atMost(WAIT).until(() -> rig.committed() == 3);

        assertEquals(CircuitBreaker.State.CLOSED, rig.guards.breaker().getState(), "3 rejections, threshold 2");
        for (OutboundMessage message : List.of(first, second, third)) {
            assertEquals(1, rig.provider.requestsFor(message.messageId().toString()), "not retried");
        }
        List<StatusEvent> statuses = rig.statuses();
        assertEquals(3, statuses.size());
        // Different conversations: sent side by side, in no particular order.
        StatusEvent failed = statuses.stream().filter(s -> s.messageId().equals(first.messageId())).findFirst()
                .orElseThrow();
        assertEquals(new StatusEvent(first.messageId(), first.recipientId(), MessageStatus.FAILED,
                Optional.of(Channel.WHATSAPP), failed.at(), Optional.of("recipient blocked the sender")), failed);
        List<ProducerRecord<String, byte[]>> dead = rig.deadLetters();
        assertEquals(3, dead.size());
        ProducerRecord<String, byte[]> deadFirst = dead.stream()
                .filter(r -> r.key().equals(first.conversationId().toString())).findFirst().orElseThrow();
        assertEquals("rejected by the provider (422): recipient blocked the sender", DeliveryRig.reason(deadFirst));
        assertEquals(3, rig.sentCount("rejected"));
    }

    @Test
    void aMessageHeldByAnUnavailableProviderIsPendingOnceThenSentOnce() throws Exception {
        rig = new DeliveryRig(1000, 1, Duration.ofSeconds(5));   // the breaker stays closed: engine retries only
        rig.provider.mode(FakeProvider.Mode.UNAVAILABLE);
        OutboundMessage message = rig.add();

        await().atMost(WAIT).until(() -> rig.provider.requestsFor(message.messageId().toString()) >= 5);
        rig.provider.mode(FakeProvider.Mode.ACCEPT);
        await().atMost(WAIT).until(() -> rig.committed() == 1);

        List<StatusEvent> statuses = rig.statuses();
        assertEquals(List.of(MessageStatus.PENDING), statuses.stream().map(StatusEvent::status).toList(),
                "one PENDING for five and more failed attempts");
        assertEquals(Optional.of("provider unavailable: answered 503 (Retry-After 1)"), statuses.getFirst().reason());
        assertEquals(message.recipientId(), statuses.getFirst().recipientId());
        assertEquals(1, rig.provider.sent(message.messageId().toString()));
        assertEquals(List.of(), rig.deadLetters());
        assertEquals(0, rig.storeAndForward.waiting());
    }

    @Test
    void eachAttemptsSpanNamesTheMessageAndOutcomeWithTheProvidersRetriesAndThePendingBacklogIsCounted()
            throws Exception {
        rig = new DeliveryRig(1000, 3, Duration.ofSeconds(5));   // three calls per attempt, the breaker stays closed
        rig.provider.mode(FakeProvider.Mode.UNAVAILABLE);
        OutboundMessage message = rig.add();

        await().atMost(WAIT).until(() -> rig.attemptSpans(message).size() >= 1);
        await().atMost(WAIT).until(() -> rig.gauge("chat4all.messages.pending") == 1);
        rig.provider.mode(FakeProvider.Mode.ACCEPT);
        await().atMost(WAIT).until(() -> rig.committed() == 1);
        await().atMost(WAIT).until(() -> rig.gauge("chat4all.messages.pending") == 0);

        List<SpanData> attempts = rig.attemptSpans(message);
        SpanData first = attempts.getFirst();
        assertEquals("unavailable", first.getAttributes().get(MessageSpans.OUTCOME));
        assertEquals(message.conversationId().toString(), first.getAttributes().get(MessageSpans.CONVERSATION_ID));
        assertEquals("whatsapp", first.getAttributes().get(MessageSpans.CHANNEL));
        List<EventData> providerRetries = first.getEvents().stream()
                .filter(e -> e.getName().equals("provider.retry")).toList();
        assertEquals(List.of(1L, 2L), providerRetries.stream()
                .map(e -> e.getAttributes().get(ResilienceEvents.RETRY_ATTEMPT)).toList(), "the guards' two retries");
        assertTrue(first.getEvents().stream().anyMatch(e -> e.getName().equals("retry")), "then the engine's");
        assertEquals("accepted", attempts.getLast().getAttributes().get(MessageSpans.OUTCOME));
    }

    @Test
    void aMessageThatWaitedPastGiveUpAfterIsFailedAndDeadLettered() throws Exception {
        rig = new DeliveryRig(1000, 1, Duration.ofSeconds(5));
        rig.provider.mode(FakeProvider.Mode.UNAVAILABLE);
        OutboundMessage old = rig.add(Instant.now().minus(Duration.ofHours(2)));

        await().atMost(WAIT).until(() -> rig.committed() == 1);

        List<StatusEvent> statuses = rig.statuses();
        assertEquals(List.of(MessageStatus.FAILED), statuses.stream().map(StatusEvent::status).toList());
        assertTrue(statuses.getFirst().reason().orElseThrow().startsWith("gave up after waiting PT1H for the provider"),
                statuses.getFirst().reason().orElseThrow());
        assertEquals(old.conversationId().toString(), rig.deadLetters().getFirst().key());
        assertTrue(DeliveryRig.reason(rig.deadLetters().getFirst()).startsWith("gave up after waiting PT1H"));
    }

    @Test
    void anUndecodableRecordIsDeadLetteredAtOnce() throws Exception {
        rig = new DeliveryRig(5, 3, Duration.ofSeconds(5));
        byte[] garbage = "{\"message_id\":42}".getBytes(StandardCharsets.UTF_8);
        rig.addRaw("k", garbage);

        await().atMost(WAIT).until(() -> rig.committed() == 1);

        assertArrayEquals(garbage, rig.deadLetters().getFirst().value());
        assertEquals(List.of(), rig.provider.requests());
    }

    @Test
    void fetchingIsHeldWhileTheBreakerIsOpenAndResumesWhenItCloses() throws Exception {
        rig = new DeliveryRig(3, 1, Duration.ofMillis(300));
        rig.provider.mode(FakeProvider.Mode.UNAVAILABLE);
        List<OutboundMessage> held = List.of(rig.add(), rig.add(), rig.add());

        await().atMost(WAIT).until(() -> rig.guards.breaker().getState() == CircuitBreaker.State.OPEN);
        await().atMost(WAIT).until(() -> rig.paused().equals(Set.of(DeliveryRig.P0)));
        // Open (1), though a probe may be under way (half-open, 2) at any moment: it is seen open again and again.
        await().atMost(WAIT).until(() -> rig.gauge("circuit_breaker_state") == 1);
        List<OutboundMessage> later = List.of(rig.add(), rig.add());
        // A half-open probe (a held message tried again after wait-in-open) fails and opens the breaker again: by then
        // the loop has polled many times while held.
        int before = rig.provider.requests().size();
        await().atMost(WAIT).until(() -> rig.provider.requests().size() > before
                && rig.guards.breaker().getState() == CircuitBreaker.State.OPEN);
        for (OutboundMessage message : later) {
            assertEquals(0, rig.provider.requestsFor(message.messageId().toString()), "not fetched while held");
        }
        assertEquals(0, rig.committed());

        rig.provider.mode(FakeProvider.Mode.ACCEPT);
        await().atMost(WAIT).until(() -> rig.committed() == 5);

        assertEquals(CircuitBreaker.State.CLOSED, rig.guards.breaker().getState());
        assertEquals(Set.of(), rig.paused());
        assertEquals(0, rig.gauge("circuit_breaker_state"));
        for (OutboundMessage message : held) {
            assertEquals(1, rig.provider.sent(message.messageId().toString()));
            assertEquals(1, rig.statuses().stream().filter(s -> s.messageId().equals(message.messageId())
                    && s.status() == MessageStatus.PENDING).count(), "PENDING once per held message");
        }
        for (OutboundMessage message : later) {
            assertEquals(1, rig.provider.sent(message.messageId().toString()));
            assertTrue(rig.statuses().stream().noneMatch(s -> s.messageId().equals(message.messageId())),
                    "a message that waited in Kafka was never held by the connector");
        }
        assertEquals(List.of(), rig.deadLetters());
        assertTrue(rig.storeAndForward.timesOpened() >= 2, "opened, then again after the failed probe");
        List<String> transitions = rig.spans.getFinishedSpanItems().stream()
                .flatMap(span -> span.getEvents().stream())
                .filter(e -> e.getName().equals("circuit_breaker.state_change"))
                .map(e -> e.getAttributes().get(ResilienceEvents.FROM) + "->" + e.getAttributes().get(ResilienceEvents.TO))
                .toList();
        assertEquals("CLOSED->OPEN", transitions.getFirst(), "on the span of the attempt whose failure opened it");
        assertTrue(transitions.contains("HALF_OPEN->CLOSED"), "and the probe that closed it: " + transitions);
    }
}
