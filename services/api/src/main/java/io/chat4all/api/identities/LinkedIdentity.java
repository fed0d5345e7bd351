package io.chat4all.api.identities;

import java.time.Instant;

import io.chat4all.contracts.Channel;

/**
 * A user's external identity, as the api shows it.
 *
 * @param channel  the channel's wire name ({@link Channel#wireName()})
 * @param address  the canonical address there
 * @param linkedAt when it was linked
 */
public record LinkedIdentity(String channel, String address, Instant linkedAt) {
    boolean sameAddress(Channel otherChannel, String otherAddress) {
        return channel.equals(otherChannel.wireName()) && address.equals(otherAddress);
    }
}
