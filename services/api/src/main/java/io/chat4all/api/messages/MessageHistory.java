package io.chat4all.api.messages;

import java.util.List;
import java.util.UUID;

import io.chat4all.api.conversations.ConversationAccess;
import io.chat4all.kit.http.Page;

/** Pages through a conversation's stored messages, for its members. */
public final class MessageHistory {
    private final ConversationAccess access;
    private final MessageStore store;

    public MessageHistory(ConversationAccess access, MessageStore store) {
        this.access = access;
        this.store = store;
    }

    public Page<MessageStore.HistoryItem> page(UUID conversationId, UUID callerId, HistoryQuery query) {
        access.requireMember(conversationId, callerId);
        // One row more than asked tells whether another page follows.
        List<MessageStore.HistoryRow> rows = store.history(conversationId, query.after(), query.ascending(), query.limit() + 1);
        return Page.ofRowsPlusOne(rows, query.limit(), MessageStore.HistoryRow::seq,
                page -> page.stream().map(MessageStore.HistoryRow::item).toList());
    }
}
