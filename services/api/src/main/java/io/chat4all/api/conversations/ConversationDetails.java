package io.chat4all.api.conversations;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A conversation with its members, as one member sees it. */
public record ConversationDetails(UUID conversationId,
                                  ConversationType type,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) String name,
                                  UUID createdBy,
                                  Instant createdAt,
                                  List<Member> members) {
    static ConversationDetails of(Conversation conversation, List<Member> members) {
        return new ConversationDetails(conversation.conversationId(), conversation.type(), conversation.name(),
                conversation.createdBy(), conversation.createdAt(), List.copyOf(members));
    }
}
