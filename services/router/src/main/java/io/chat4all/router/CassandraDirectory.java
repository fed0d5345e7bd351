package io.chat4all.router;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.chat4all.contracts.Channel;

/**
 * {@link Directory} and {@link InboundDirectory} over the tables the api writes: {@code conversation_members},
 * {@code identities_by_user}, {@code identities}, {@code users} and {@code private_conversations}.
 */
final class CassandraDirectory implements Directory, InboundDirectory {
    private final CqlSession session;
    private final PreparedStatement selectMembers;
    private final PreparedStatement selectIdentity;
    private final PreparedStatement selectUserByAddress;
    private final PreparedStatement selectUserByName;
    private final PreparedStatement selectPrivateConversation;

    CassandraDirectory(CqlSession session) {
        this.session = session;
        this.selectMembers = session.prepare("SELECT user_id FROM conversation_members WHERE conversation_id = ?");
        this.selectIdentity = session.prepare("SELECT channel, address FROM identities_by_user WHERE user_id = ?");
        this.selectUserByAddress = session.prepare("SELECT user_id FROM identities WHERE channel = ? AND address = ?");
        this.selectUserByName = session.prepare("SELECT user_id FROM users WHERE username = ?");
        this.selectPrivateConversation = session.prepare(
                "SELECT conversation_id FROM private_conversations WHERE user_low = ? AND user_high = ?");
    }

    @Override
    public CompletionStage<Optional<UUID>> userByAddress(Channel channel, String address) {
        return uuid(selectUserByAddress.bind(channel.wireName(), address), "user_id");
    }

    @Override
    public CompletionStage<Optional<UUID>> userByName(String username) {
        return uuid(selectUserByName.bind(username), "user_id");
    }

    /** The pair is stored ordered (lower id first), as the api claims it. */
    @Override
    public CompletionStage<Optional<UUID>> privateConversation(UUID oneUser, UUID otherUser) {
        boolean oneIsLow = oneUser.compareTo(otherUser) < 0;
        return uuid(selectPrivateConversation.bind(oneIsLow ? oneUser : otherUser, oneIsLow ? otherUser : oneUser),
                "conversation_id");
    }

    private CompletionStage<Optional<UUID>> uuid(BoundStatement query, String column) {
        return session.executeAsync(query.setIdempotent(true))
                .thenApply(rows -> Optional.ofNullable(rows.one()).map(row -> row.getUuid(column)));
    }

    @Override
    public CompletionStage<List<UUID>> members(UUID conversationId) {
        return session.executeAsync(selectMembers.bind(conversationId).setIdempotent(true))
                .thenCompose(page -> collect(page, new ArrayList<>()));
    }

    @Override
    public CompletionStage<Optional<Identity>> identity(UUID userId) {
        return session.executeAsync(selectIdentity.bind(userId).setIdempotent(true)).thenApply(rows -> {
            Row row = rows.one();
            if (row == null) {
                return Optional.empty();
            }
            // A channel this router does not know (a newer api's) cannot be delivered to: served inside Chat4All.
            return Channel.fromWireName(row.getString("channel"))
                    .map(channel -> new Identity(channel, row.getString("address")));
        });
    }

    /** Every page of a group's members (more than one only for the largest groups). */
    private static CompletionStage<List<UUID>> collect(AsyncResultSet page, List<UUID> into) {
        page.currentPage().forEach(row -> into.add(row.getUuid("user_id")));
        return page.hasMorePages() ? page.fetchNextPage().thenCompose(next -> collect(next, into))
                : CompletableFuture.completedFuture(into);
    }
}
