package io.chat4all.api.identities;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.chat4all.contracts.Channel;

/**
 * Identities in Cassandra: {@code identities} (an address's owner) and {@code identities_by_user} (a user's one
 * identity). Both are claimed and released with lightweight transactions only, so concurrent links cannot give an
 * address two owners or a user two identities.
 */
final class IdentityStore {
    private final CqlSession session;
    private final PreparedStatement claimAddress;
    private final PreparedStatement claimUser;
    private final PreparedStatement releaseAddress;
    private final PreparedStatement releaseUser;
    private final PreparedStatement selectByUser;

    IdentityStore(CqlSession session) {
        this.session = session;
        this.claimAddress = session.prepare("INSERT INTO identities (channel, address, user_id, linked_at) "
                + "VALUES (?, ?, ?, ?) IF NOT EXISTS");
        this.claimUser = session.prepare("INSERT INTO identities_by_user (user_id, channel, address, linked_at) "
                + "VALUES (?, ?, ?, ?) IF NOT EXISTS");
        this.releaseAddress = session.prepare("DELETE FROM identities WHERE channel = ? AND address = ? IF user_id = ?");
        this.releaseUser = session.prepare("DELETE FROM identities_by_user WHERE user_id = ? "
                + "IF channel = ? AND address = ?");
        this.selectByUser = session.prepare("SELECT channel, address, linked_at FROM identities_by_user WHERE user_id = ?");
    }

    /** Claims the address for the user unless someone holds it; returns its owner, the user if the claim won. */
    UUID claimAddress(Channel channel, String address, UUID userId, Instant linkedAt) {
        Row row = session.execute(claimAddress.bind(channel.wireName(), address, userId, linkedAt)).one();
        return row.getBoolean("[applied]") ? userId : row.getUuid("user_id");
    }

    /** Makes the address the user's identity unless they have one; returns the one they had, if any. */
    Optional<LinkedIdentity> claimUser(UUID userId, Channel channel, String address, Instant linkedAt) {
        Row row = session.execute(claimUser.bind(userId, channel.wireName(), address, linkedAt)).one();
        return row.getBoolean("[applied]") ? Optional.empty() : Optional.of(identityOf(row));
    }

    /** Frees the address, if the user holds it. */
    void releaseAddress(Channel channel, String address, UUID userId) {
        session.execute(releaseAddress.bind(channel.wireName(), address, userId));
    }

    /** Removes the user's identity, if it is still this one. */
    void releaseUser(UUID userId, Channel channel, String address) {
        session.execute(releaseUser.bind(userId, channel.wireName(), address));
    }

    Optional<LinkedIdentity> find(UUID userId) {
        return Optional.ofNullable(session.execute(selectByUser.bind(userId)).one()).map(IdentityStore::identityOf);
    }

    private static LinkedIdentity identityOf(Row row) {
        return new LinkedIdentity(row.getString("channel"), row.getString("address"), row.getInstant("linked_at"));
    }
}
