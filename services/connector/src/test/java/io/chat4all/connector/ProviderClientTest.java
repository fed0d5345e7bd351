package io.chat4all.connector;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.chat4all.contracts.Channel;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerEvent;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The provider client and its guards against a fake provider over real HTTP. */
class ProviderClientTest {
    private static final int THRESHOLD = 5;

    private final FakeProvider fake = new FakeProvider("whatsapp");
    private final List<CircuitBreakerEvent> events = new CopyOnWriteArrayList<>();
    private ProviderResilience guards;
    private ProviderClient client;

    ProviderClientTest() throws Exception {
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private void start(int retryAttempts) {
        ConnectorSettings settings = TestSettings.of(fake.url(), THRESHOLD, retryAttempts, Duration.ofMinutes(1));
        guards = ProviderResilience.create("test", settings);
        guards.breaker().getEventPublisher().onEvent(events::add);
        client = new ProviderClient(ProviderClient.httpClient(Duration.ofSeconds(2)), fake.url(), Channel.WHATSAPP,
                settings.callTimeout(), guards, Clock.systemUTC());
    }

    @Test
    void breakerOpensAfterExactlyThresholdConsecutiveFailures() {
        start(3);
        fake.mode(FakeProvider.Mode.UNAVAILABLE);

        for (int i = 0; i < 4; i++) {
            ProviderUnavailableException e = assertThrows(ProviderUnavailableException.class, () -> client.send(request()));
            assertTrue(e.getMessage().startsWith("provider unavailable"), e.getMessage());
        }

        // The first send made 3 calls (retries), the second the 4th and 5th, then the breaker opened.
        assertEquals(List.of("ERROR", "ERROR", "ERROR", "ERROR", "ERROR", "FAILURE_RATE_EXCEEDED", "STATE_TRANSITION",
                "NOT_PERMITTED", "NOT_PERMITTED", "NOT_PERMITTED"), types());
        CircuitBreakerOnStateTransitionEvent opened = (CircuitBreakerOnStateTransitionEvent) events.get(THRESHOLD + 1);
        assertEquals(CircuitBreaker.StateTransition.CLOSED_TO_OPEN, opened.getStateTransition());
        assertEquals(THRESHOLD, fake.requests().size(), "no call reaches the provider once the breaker is open");
        assertEquals(CircuitBreaker.State.OPEN, guards.breaker().getState());
    }

    @Test
    void aSuccessInBetweenStartsTheCountAgain() throws Exception {
        start(1);
        fake.mode(FakeProvider.Mode.UNAVAILABLE);
        failTimes(THRESHOLD - 1);
        fake.mode(FakeProvider.Mode.ACCEPT);
        client.send(request());
        fake.mode(FakeProvider.Mode.UNAVAILABLE);
        failTimes(THRESHOLD - 1);
        assertEquals(CircuitBreaker.State.CLOSED, guards.breaker().getState(), "4 failures, a success, 4 failures");

        failTimes(1);
        assertEquals(CircuitBreaker.State.OPEN, guards.breaker().getState());
    }

    @Test
    void rejectionsNeitherCountNorAreRetried() throws Exception {
        start(3);
        fake.mode(FakeProvider.Mode.UNAVAILABLE);
        failTimes(1);   // 3 failed calls
        fake.mode(FakeProvider.Mode.REJECT);
        for (int i = 0; i < 10; i++) {
            ProviderRejectedException e = assertThrows(ProviderRejectedException.class, () -> client.send(request()));
            assertEquals(422, e.status());
            assertEquals("recipient blocked the sender", e.detail());
        }

        assertEquals(3 + 10, fake.requests().size(), "one call per rejected send: no retry");
        assertEquals(CircuitBreaker.State.CLOSED, guards.breaker().getState());
        assertEquals(3, guards.breaker().getMetrics().getNumberOfFailedCalls());
        assertEquals(10, events.stream().filter(e -> e.getEventType() == CircuitBreakerEvent.Type.IGNORED_ERROR).count());
        fake.mode(FakeProvider.Mode.UNAVAILABLE);
        failTimes(1);   // 2 more calls (retry exhausted at 3) make 5 consecutive failures
        assertEquals(CircuitBreaker.State.OPEN, guards.breaker().getState());
    }

    @Test
    void aRefusedConnectionIsUnavailable() throws Exception {
        start(1);
        fake.close();

        ProviderUnavailableException e = assertThrows(ProviderUnavailableException.class, () -> client.send(request()));

        assertInstanceOf(java.io.IOException.class, e.getCause(), e.toString());
        assertEquals(false, client.lastCall().reachable());
    }

    @Test
    void acceptanceAndDuplicatesAreAnswers() throws Exception {
        start(1);
        ProviderRequest request = request();

        ProviderAnswer first = client.send(request);
        ProviderAnswer again = client.send(request);

        assertEquals("p-" + request.messageId(), first.providerMessageId());
        assertEquals(false, first.duplicate());
        assertEquals(true, again.duplicate());
        assertEquals(1, fake.sent(request.messageId().toString()));
        assertEquals("+5511987654321", fake.requests().getFirst().path("to").asText());
        assertEquals(request.callbackData(), fake.requests().getFirst().path("callback_data").asText());
        assertTrue(fake.requests().getFirst().path("media_url").isMissingNode(), "no attachment, no media_url");
    }

    private void failTimes(int sends) {
        for (int i = 0; i < sends; i++) {
            assertThrows(ProviderUnavailableException.class, () -> client.send(request()));
        }
    }

    private List<String> types() {
        return events.stream().map(e -> e.getEventType().name()).toList();
    }

    private static ProviderRequest request() {
        return new ProviderRequest(UUID.randomUUID(), "+5511987654321", "hello", null, "callback");
    }
}
