package io.chat4all.api.messages;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.chat4all.contracts.MessageStatus;
import org.junit.jupiter.api.Test;

import static io.chat4all.contracts.MessageStatus.DELIVERED;
import static io.chat4all.contracts.MessageStatus.FAILED;
import static io.chat4all.contracts.MessageStatus.READ;
import static io.chat4all.contracts.MessageStatus.SENT;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MessageStatusesOverallTest {
    @Test
    void theLeastAdvancedRecipientSetsTheStatus() {
        assertEquals(DELIVERED, MessageStatuses.overall(recipients(READ, DELIVERED, READ), SENT));
        assertEquals(READ, MessageStatuses.overall(recipients(READ, READ), SENT));
    }

    @Test
    void aFailureForAnyRecipientShows() {
        assertEquals(FAILED, MessageStatuses.overall(recipients(READ, FAILED, SENT), SENT));
    }

    @Test
    void withoutRecipientsTheStoredStatusStands() {
        assertEquals(SENT, MessageStatuses.overall(List.of(), SENT));
    }

    private static List<MessageStatuses.RecipientStatus> recipients(MessageStatus... statuses) {
        return Arrays.stream(statuses)
                .map(status -> new MessageStatuses.RecipientStatus(UUID.randomUUID(), status, null, null, List.of()))
                .toList();
    }
}
