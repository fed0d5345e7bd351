package io.chat4all.router;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.chat4all.contracts.Channel;

/** {@link Directory} over {@code conversation_members} and {@code identities_by_user}, the tables the api writes. */
final class CassandraDirectory implements Directory {
    private final CqlSession session;
    private final PreparedStatement selectMembers;
    private final PreparedStatement selectIdentity;

    CassandraDirectory(CqlSession session) {
        this.session = session;
        this.selectMembers = session.prepare("SELECT user_id FROM conversation_members WHERE conversation_id = ?");
        this.selectIdentity = session.prepare("SELECT channel, address FROM identities_by_user WHERE user_id = ?");
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
