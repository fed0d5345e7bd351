package io.chat4all.api.identities;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.chat4all.api.conversations.ConversationStore;
import io.chat4all.api.conversations.DirectoryChanges;
import io.chat4all.contracts.Channel;
import io.chat4all.contracts.DirectoryChange;
import io.chat4all.kit.http.ApiProblem;

/**
 * Linking and unlinking a user's external identity (ADR 0003): at most one per user, their delivery channel, and an
 * address belongs to one user. The address is claimed before the user's row, so a link that stops half-way leaves at
 * worst an address held by its own user (who can link it again), never an address with two users.
 */
final class Identities {
    /** Conversations read per query when announcing a change to all of a user's conversations. */
    private static final int CONVERSATIONS_PER_PAGE = 500;

    private final IdentityStore store;
    private final ConversationStore conversations;
    private final DirectoryChanges changes;
    private final Clock clock;

    Identities(IdentityStore store, ConversationStore conversations, DirectoryChanges changes, Clock clock) {
        this.store = store;
        this.conversations = conversations;
        this.changes = changes;
        this.clock = clock;
    }

    /** The outcome of a link: the identity, and whether this call linked it (false: it was linked already). */
    record Linked(LinkedIdentity identity, boolean isNew) {
    }

    /** Links the identity; a link made now or found made (a retry) is announced to the user's conversations. */
    Linked link(UUID userId, NewIdentity request) {
        Linked linked = linkOnce(userId, request);
        announce(userId);
        return linked;
    }

    private Linked linkOnce(UUID userId, NewIdentity request) {
        Channel channel = request.channel();
        String address = request.address();
        Optional<LinkedIdentity> current = store.find(userId);
        if (current.isPresent()) {
            return alreadyLinked(current.get(), channel, address);
        }
        var linkedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        UUID owner = store.claimAddress(channel, address, userId, linkedAt);
        if (!owner.equals(userId)) {
            throw ApiProblem.conflict(channel.wireName() + " address " + address + " is linked to another user");
        }
        Optional<LinkedIdentity> raced = store.claimUser(userId, channel, address, linkedAt);
        if (raced.isEmpty()) {
            return new Linked(new LinkedIdentity(channel.wireName(), address, linkedAt), true);
        }
        if (!raced.get().sameAddress(channel, address)) {
            // A concurrent link of another identity won: give this address back.
            store.releaseAddress(channel, address, userId);
        }
        return alreadyLinked(raced.get(), channel, address);
    }

    private static Linked alreadyLinked(LinkedIdentity current, Channel channel, String address) {
        if (current.sameAddress(channel, address)) {
            return new Linked(current, false);
        }
        throw ApiProblem.conflict("you already have a linked identity (" + current.channel()
                + "); unlink it first (DELETE /v1/users/me/identities/" + current.channel() + ")");
    }

    List<LinkedIdentity> list(UUID userId) {
        return store.find(userId).stream().toList();
    }

    /** Unlinks the user's identity on the channel: its row first (no more deliveries), then its address. */
    void unlink(UUID userId, Channel channel) {
        LinkedIdentity current = store.find(userId).filter(identity -> identity.channel().equals(channel.wireName()))
                .orElseThrow(() -> ApiProblem.notFound("you have no " + channel.wireName() + " identity"));
        store.releaseUser(userId, channel, current.address());
        store.releaseAddress(channel, current.address(), userId);
        announce(userId);
    }

    /**
     * Tells the routers in every conversation of the user, before the change is answered: a message accepted after
     * it reaches the user where the change says. (A conversation the user joins meanwhile is announced by the join.)
     */
    private void announce(UUID userId) {
        List<DirectoryChange> all = new ArrayList<>();
        Optional<UUID> before = Optional.empty();
        List<UUID> page;
        do {
            page = conversations.conversationIdsOf(userId, CONVERSATIONS_PER_PAGE, before);
            page.forEach(conversationId -> all.add(new DirectoryChange(conversationId, userId)));
            before = page.isEmpty() ? before : Optional.of(page.getLast());
        } while (page.size() == CONVERSATIONS_PER_PAGE);
        changes.publish(all);
    }
}
