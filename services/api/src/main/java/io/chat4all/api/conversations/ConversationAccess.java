package io.chat4all.api.conversations;

import java.util.UUID;

import io.chat4all.kit.http.ApiProblem;

/**
 * Who may touch a conversation: its members. Unknown conversations are 404, other people's are 403. Membership comes
 * from the {@link MembershipCache}, so a member's repeated checks read Cassandra once per cache ttl.
 */
public final class ConversationAccess {
    private final ConversationStore store;
    private final MembershipCache memberships;

    public ConversationAccess(ConversationStore store, MembershipCache memberships) {
        this.store = store;
        this.memberships = memberships;
    }

    /** The caller's role; at most one read on the common path, a second only to tell 404 from 403. */
    public Role requireMember(UUID conversationId, UUID userId) {
        return memberships.role(conversationId, userId).orElseThrow(() -> store.find(conversationId).isPresent()
                ? notAMember(conversationId)
                : unknownConversation(conversationId));
    }

    /**
     * The caller's role in the conversation of a message they asked for by id. They did not name that conversation,
     * so a refusal does not name it either.
     */
    public Role requireMemberForMessage(UUID messageId, UUID conversationId, UUID userId) {
        return memberships.role(conversationId, userId).orElseThrow(() -> notAMemberForMessage(messageId));
    }

    /** Whether the user is a member now: for callers that word their own refusal (they did not name the conversation). */
    public boolean isMember(UUID conversationId, UUID userId) {
        return memberships.role(conversationId, userId).isPresent();
    }

    /** 403: the conversation exists, the caller is not in it. Only for callers who named the conversation themselves. */
    public static ApiProblem notAMember(UUID conversationId) {
        return ApiProblem.forbidden("you are not a member of conversation " + conversationId);
    }

    /** 403 for a message of a conversation the caller is not in; it names the message only, never its conversation. */
    public static ApiProblem notAMemberForMessage(UUID messageId) {
        return ApiProblem.forbidden("message " + messageId + " is in a conversation you are not a member of");
    }

    /** 404: no such conversation. */
    static ApiProblem unknownConversation(UUID conversationId) {
        return ApiProblem.notFound("conversation " + conversationId + " does not exist");
    }
}
