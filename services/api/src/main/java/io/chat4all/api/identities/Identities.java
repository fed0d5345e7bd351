package io.chat4all.api.identities;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.chat4all.contracts.Channel;
import io.chat4all.kit.http.ApiProblem;

/**
 * Linking and unlinking a user's external identity (ADR 0003): at most one per user, their delivery channel, and an
 * address belongs to one user. The address is claimed before the user's row, so a link that stops half-way leaves at
 * worst an address held by its own user (who can link it again), never an address with two users.
 */
final class Identities {
    private final IdentityStore store;
    private final Clock clock;

    Identities(IdentityStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The outcome of a link: the identity, and whether this call linked it (false: it was linked already). */
    record Linked(LinkedIdentity identity, boolean isNew) {
    }

    Linked link(UUID userId, NewIdentity request) {
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
    }
}
