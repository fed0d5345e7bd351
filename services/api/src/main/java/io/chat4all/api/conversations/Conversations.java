package io.chat4all.api.conversations;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.chat4all.api.auth.UserStore;
import io.chat4all.contracts.DirectoryChange;
import io.chat4all.kit.http.ApiProblem;
import io.chat4all.kit.http.FieldError;
import io.chat4all.kit.http.Page;

/** Creating conversations and changing group membership, with the rules that go with them. */
public final class Conversations {
    public static final int MAX_MEMBERS = 256;

    private final ConversationStore store;
    private final MembershipCache memberships;
    private final DirectoryChanges changes;
    private final UserStore users;
    private final Clock clock;

    public Conversations(ConversationStore store, MembershipCache memberships, DirectoryChanges changes,
                         UserStore users, Clock clock) {
        this.store = store;
        this.memberships = memberships;
        this.changes = changes;
        this.users = users;
        this.clock = clock;
    }

    /** A conversation, and whether this request created it. */
    public record Created(ConversationDetails conversation, boolean isNew) {
    }

    /**
     * The one private conversation of the caller and {@code otherId}, created if need be. Whoever loses the race for
     * the pair completes the winner's conversation with the same writes, so a crash between the claim and the rows
     * heals on the next request.
     */
    public Created openPrivate(UUID callerId, UUID otherId) {
        if (callerId.equals(otherId)) {
            throw ApiProblem.invalidField("member_id", "a private conversation needs another user");
        }
        requireKnown(List.of(otherId), "member_id");
        boolean callerIsLow = callerId.compareTo(otherId) < 0;
        UUID proposedId = Uuids.timeBased();
        UUID id = callerIsLow
                ? store.claimPrivatePair(callerId, otherId, proposedId)
                : store.claimPrivatePair(otherId, callerId, proposedId);
        // Derived from the id, so every request completing this conversation writes the same creation time.
        Instant createdAt = Instant.ofEpochMilli(Uuids.unixTimestamp(id));
        Conversation conversation = store.insertIfAbsent(
                new Conversation(id, ConversationType.PRIVATE, null, callerId, createdAt));
        List<Member> members = List.of(new Member(callerId, Role.MEMBER), new Member(otherId, Role.MEMBER));
        store.addMembers(id, members, createdAt);
        return new Created(ConversationDetails.of(conversation, members), id.equals(proposedId));
    }

    /** A new group with the caller as its admin. */
    public ConversationDetails createGroup(UUID callerId, NewConversation.Group group) {
        List<UUID> others = group.memberIds().stream().filter(id -> !id.equals(callerId)).toList();
        if (others.size() + 1 > MAX_MEMBERS) {
            throw ApiProblem.invalidField("member_ids", "a group has at most " + MAX_MEMBERS + " members, its creator included");
        }
        requireKnown(others, "member_ids");
        UUID id = Uuids.timeBased();
        Instant createdAt = Instant.ofEpochMilli(Uuids.unixTimestamp(id));
        Conversation conversation = new Conversation(id, ConversationType.GROUP, group.name(), callerId, createdAt);
        List<Member> members = new ArrayList<>(others.size() + 1);
        members.add(new Member(callerId, Role.ADMIN));
        others.forEach(other -> members.add(new Member(other, Role.MEMBER)));
        // The row first: a conversation listed for a member always exists.
        store.insert(conversation);
        store.addMembers(id, members, createdAt);
        return ConversationDetails.of(conversation, members);
    }

    /** The conversation with its members, for one of them. */
    public ConversationDetails details(UUID conversationId, UUID callerId) {
        Conversation conversation = existing(conversationId);
        List<Member> members = store.members(conversationId);
        roleOf(callerId, members, conversationId);
        return ConversationDetails.of(conversation, members);
    }

    /** Adds a user to a group, by one of its admins; adding a member again changes nothing. */
    public ConversationDetails addMember(UUID conversationId, UUID callerId, UUID userId) {
        Conversation conversation = existing(conversationId);
        List<Member> members = store.members(conversationId);
        requireGroupAdmin(conversation, roleOf(callerId, members, conversationId));
        if (members.stream().anyMatch(m -> m.userId().equals(userId))) {
            // Announced again: the add that wrote the row may have failed to announce it (and answered 503).
            announce(conversationId, userId);
            return ConversationDetails.of(conversation, members);
        }
        requireKnown(List.of(userId), "user_id");
        if (members.size() >= MAX_MEMBERS) {
            throw ApiProblem.conflict("the group already has " + MAX_MEMBERS + " members");
        }
        Member added = new Member(userId, Role.MEMBER);
        store.addMembers(conversationId, List.of(added), clock.instant());
        announce(conversationId, userId);
        List<Member> after = new ArrayList<>(members);
        after.add(added);
        return ConversationDetails.of(conversation, after);
    }

    /** Removes a user from a group, by one of its admins; removing a non-member changes nothing. */
    public void removeMember(UUID conversationId, UUID callerId, UUID userId) {
        Conversation conversation = existing(conversationId);
        List<Member> members = store.members(conversationId);
        requireGroupAdmin(conversation, roleOf(callerId, members, conversationId));
        Optional<Member> removed = members.stream().filter(m -> m.userId().equals(userId)).findFirst();
        if (removed.isEmpty()) {
            // Announced again, as for an add: a removal that deleted the row may have failed to announce it.
            announce(conversationId, userId);
            return;
        }
        long admins = members.stream().filter(m -> m.role() == Role.ADMIN).count();
        if (removed.get().role() == Role.ADMIN && admins == 1) {
            throw ApiProblem.conflict("a group keeps at least one admin");
        }
        try {
            store.removeMember(conversationId, userId);
        } finally {
            // Before answering, so the removed user's next request through this instance is refused; after a failed
            // write too, which may have deleted the row all the same.
            memberships.removed(conversationId, userId);
        }
        announce(conversationId, userId);
    }

    /** Tells the routers, before the change is answered, so that no message accepted after it misses it. */
    private void announce(UUID conversationId, UUID userId) {
        changes.publish(List.of(new DirectoryChange(conversationId, userId)));
    }

    /** The caller's conversations, newest first. */
    public Page<Conversation> listFor(UUID callerId, int limit, Optional<UUID> cursor) {
        List<UUID> ids = store.conversationIdsOf(callerId, limit + 1, cursor);
        return Page.ofRowsPlusOne(ids, limit, id -> id, store::findAll);
    }

    private Conversation existing(UUID conversationId) {
        return store.find(conversationId)
                .orElseThrow(() -> ConversationAccess.unknownConversation(conversationId));
    }

    private static Role roleOf(UUID userId, List<Member> members, UUID conversationId) {
        return members.stream().filter(m -> m.userId().equals(userId)).map(Member::role).findFirst()
                .orElseThrow(() -> ConversationAccess.notAMember(conversationId));
    }

    private static void requireGroupAdmin(Conversation conversation, Role callerRole) {
        if (conversation.type() != ConversationType.GROUP) {
            throw ApiProblem.conflict("a private conversation's members cannot change");
        }
        if (callerRole != Role.ADMIN) {
            throw ApiProblem.forbidden("only admins change a group's members");
        }
    }

    /** 422 naming every id that belongs to no account. */
    private void requireKnown(List<UUID> userIds, String field) {
        List<UUID> unknown = users.unknown(userIds);
        if (!unknown.isEmpty()) {
            throw ApiProblem.unknownUsers(unknown.stream()
                    .map(id -> new FieldError(field, "no user " + id))
                    .toList());
        }
    }
}
