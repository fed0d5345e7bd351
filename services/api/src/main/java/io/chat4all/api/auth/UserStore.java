package io.chat4all.api.auth;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

/** Accounts in Cassandra: {@code users} (the username claim) and {@code users_by_id}. */
public final class UserStore {
    private final CqlSession session;
    private final PreparedStatement claimUsername;
    private final PreparedStatement insertById;
    private final PreparedStatement deleteById;
    private final PreparedStatement selectByUsername;
    private final PreparedStatement selectById;

    public UserStore(CqlSession session) {
        this.session = session;
        this.claimUsername = session.prepare("INSERT INTO users (username, user_id, password_hash, created_at) "
                + "VALUES (?, ?, ?, ?) IF NOT EXISTS");
        this.insertById = session.prepare("INSERT INTO users_by_id (user_id, username, created_at) VALUES (?, ?, ?)");
        this.deleteById = session.prepare("DELETE FROM users_by_id WHERE user_id = ?");
        this.selectByUsername = session.prepare("SELECT user_id, password_hash FROM users WHERE username = ?");
        this.selectById = session.prepare("SELECT user_id FROM users_by_id WHERE user_id = ?");
    }

    /** A stored account, as login needs it. */
    public record StoredUser(UUID id, String passwordHash) {
    }

    /**
     * Creates the account unless the username is taken; false when it is. The id row is written first: should the
     * claim then fail or never happen, a stray id row is harmless (nobody knows that id), whereas a claimed username
     * without its id row would be an account that can log in but that no conversation can name.
     */
    public boolean create(UUID userId, String username, String passwordHash, Instant createdAt) {
        session.execute(insertById.bind(userId, username, createdAt));
        boolean claimed = session.execute(claimUsername.bind(username, userId, passwordHash, createdAt)).wasApplied();
        if (!claimed) {
            session.execute(deleteById.bind(userId));
        }
        return claimed;
    }

    public Optional<StoredUser> findByUsername(String username) {
        Row row = session.execute(selectByUsername.bind(username)).one();
        return row == null ? Optional.empty() : Optional.of(new StoredUser(row.getUuid("user_id"), row.getString("password_hash")));
    }

    /** Those of the ids that belong to no account, in the given order; looked up concurrently. */
    public List<UUID> unknown(Collection<UUID> userIds) {
        List<CompletableFuture<Optional<UUID>>> lookups = userIds.stream()
                .map(id -> session.executeAsync(selectById.bind(id))
                        .thenApply(rows -> rows.one() == null ? Optional.of(id) : Optional.<UUID>empty())
                        .toCompletableFuture())
                .toList();
        return lookups.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList();
    }
}
