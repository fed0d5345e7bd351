package io.chat4all.connector;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.chat4all.contracts.Channel;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The breaker's transitions as holds and releases of fetching, driven by hand. */
class StoreAndForwardTest {
    private final CircuitBreaker breaker = ProviderResilience.create("test",
            TestSettings.of(URI.create("http://127.0.0.1:1"), 5, 1, Duration.ofMinutes(1))).breaker();
    private final StoreAndForward storeAndForward = new StoreAndForward(breaker, Channel.WHATSAPP);
    private final List<String> fetch = new CopyOnWriteArrayList<>();

    StoreAndForwardTest() {
        storeAndForward.control(new StoreAndForward.FetchControl() {
            @Override
            public void hold(String reason) {
                fetch.add("hold: " + reason);
            }

            @Override
            public void release() {
                fetch.add("release");
            }
        });
    }

    @Test
    void opensHoldAndClosingReleases() {
        breaker.transitionToOpenState();
        breaker.transitionToHalfOpenState();
        breaker.transitionToOpenState();
        breaker.transitionToHalfOpenState();
        breaker.transitionToClosedState();

        assertEquals(List.of("hold: " + StoreAndForward.HOLD_REASON, "hold: " + StoreAndForward.HOLD_REASON, "release"),
                fetch, "half-open keeps the hold: the held messages probe");
        assertEquals(2, storeAndForward.timesOpened());
    }

    @Test
    void theFailuresThatOpenedTheBreakerAreTakenFromItsTransitionNotFromALaterProbe() {
        assertEquals(-1, storeAndForward.failuresWhenOpened(), "never opened");
        for (int i = 0; i < 3; i++) {
            breaker.onError(0, java.util.concurrent.TimeUnit.MILLISECONDS, new ProviderUnavailableException("503", null));
        }
        breaker.transitionToOpenState();
        breaker.transitionToHalfOpenState();
        breaker.onError(0, java.util.concurrent.TimeUnit.MILLISECONDS, new ProviderUnavailableException("503", null));

        assertEquals(CircuitBreaker.State.OPEN, breaker.getState(), "the failed probe opened it again");
        assertEquals(3, storeAndForward.failuresWhenOpened());
    }

    @Test
    void aMessageIsMarkedPendingOnceWhileItWaits() {
        UUID message = UUID.randomUUID();
        UUID recipient = UUID.randomUUID();
        UUID otherRecipient = UUID.randomUUID();

        assertTrue(storeAndForward.startWaiting(message, recipient));
        assertFalse(storeAndForward.startWaiting(message, recipient));
        assertTrue(storeAndForward.startWaiting(message, otherRecipient), "each recipient of a group message waits");
        storeAndForward.forget(message, recipient);
        assertTrue(storeAndForward.startWaiting(message, recipient), "forgotten after a failed PENDING publish");
        assertEquals(2, storeAndForward.waiting());
    }

    @Test
    void whenTheLastWaitingMessageEndsWhileOpenFetchingIsReleasedSoThatSomethingProbes() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID recipient = UUID.randomUUID();
        storeAndForward.startWaiting(first, recipient);
        storeAndForward.startWaiting(second, recipient);
        breaker.transitionToOpenState();

        storeAndForward.ended(first, recipient);
        assertEquals(List.of("hold: " + StoreAndForward.HOLD_REASON), fetch, "one still waits and will probe");
        storeAndForward.ended(second, recipient);
        assertEquals(List.of("hold: " + StoreAndForward.HOLD_REASON, "release"), fetch);
    }

    @Test
    void endingWhileClosedReleasesNothing() {
        UUID message = UUID.randomUUID();
        UUID recipient = UUID.randomUUID();
        storeAndForward.startWaiting(message, recipient);

        storeAndForward.ended(message, recipient);

        assertEquals(List.of(), fetch);
    }
}
