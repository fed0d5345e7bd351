package io.chat4all.contracts;

import java.util.EnumSet;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static io.chat4all.contracts.MessageStatus.ACCEPTED;
import static io.chat4all.contracts.MessageStatus.DELIVERED;
import static io.chat4all.contracts.MessageStatus.FAILED;
import static io.chat4all.contracts.MessageStatus.PENDING;
import static io.chat4all.contracts.MessageStatus.READ;
import static io.chat4all.contracts.MessageStatus.SENT;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MessageStatusCurrentTest {
    @Test
    void nothingRecordedIsNoStatus() {
        assertEquals(Optional.empty(), MessageStatus.current(EnumSet.noneOf(MessageStatus.class)));
    }

    @Test
    void theFurthestStatusOfTheLifecycleIsCurrent() {
        assertEquals(Optional.of(SENT), MessageStatus.current(EnumSet.of(ACCEPTED, SENT)));
        assertEquals(Optional.of(READ), MessageStatus.current(EnumSet.of(ACCEPTED, SENT, DELIVERED, READ)));
        assertEquals(Optional.of(FAILED), MessageStatus.current(EnumSet.of(ACCEPTED, SENT, PENDING, FAILED)));
    }

    @Test
    void aFailedBesideADeliveryDoesNotCount() {
        assertEquals(Optional.of(DELIVERED), MessageStatus.current(EnumSet.of(ACCEPTED, SENT, DELIVERED, FAILED)));
    }
}
