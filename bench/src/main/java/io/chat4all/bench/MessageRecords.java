package io.chat4all.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

/**
 * What the stack recorded of each message, read straight from Cassandra after a phase: when the router stored it
 * ({@code messages_by_id.stored_at}, set as it issues the write) and when its recipient's status became DELIVERED
 * (the connector's time for the provider's receipt). Both are this machine's clock, as is the generator's schedule,
 * so latency runs from the time a send was scheduled to the time the stack recorded the step.
 *
 * <p>Reads are bounded ({@link #IN_FLIGHT} at once) and made after the measured window, so they cost it nothing.
 */
final class MessageRecords implements AutoCloseable {
    private static final int IN_FLIGHT = 32;

    private final CqlSession session;
    private final PreparedStatement storedAt;
    private final PreparedStatement statuses;
    private final PreparedStatement historyCount;

    MessageRecords(InetSocketAddress cassandra) {
        this.session = CqlSession.builder()
                .addContactPoint(cassandra)
                .withLocalDatacenter("datacenter1")
                .withKeyspace("chat4all")
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
                        .build())
                .build();
        this.storedAt = session.prepare("SELECT stored_at FROM messages_by_id WHERE message_id = ?");
        this.statuses = session.prepare("SELECT status, at FROM message_status_history WHERE message_id = ?");
        this.historyCount = session.prepare("SELECT COUNT(*) FROM messages WHERE conversation_id = ?");
    }

    /** The history rows of a conversation: a cheap probe of how many of its messages are stored. */
    long storedCount(UUID conversation) {
        return session.execute(historyCount.bind(conversation)).one().getLong(0);
    }

    /** When each stored message was stored; a message not stored yet is absent. */
    Map<UUID, Instant> storedAt(Collection<UUID> messages) {
        return readEach(messages, id -> session.executeAsync(storedAt.bind(id)).thenApply(rows ->
                Optional.ofNullable(rows.one()).map(row -> row.getInstant("stored_at"))));
    }

    /** When each message's recipient became DELIVERED; a message not delivered yet is absent. */
    Map<UUID, Instant> deliveredAt(Collection<UUID> messages) {
        return readEach(messages, id -> session.executeAsync(statuses.bind(id)).thenApply(MessageRecords::delivered));
    }

    /** One recipient per message in the benchmarks: its DELIVERED row, if any (a message has at most six rows). */
    private static Optional<Instant> delivered(AsyncResultSet rows) {
        for (Row row : rows.currentPage()) {
            if (row.getString("status").equals("DELIVERED")) {
                return Optional.of(row.getInstant("at"));
            }
        }
        return Optional.empty();
    }

    private static Map<UUID, Instant> readEach(Collection<UUID> messages,
                                              Function<UUID, CompletionStage<Optional<Instant>>> read) {
        Map<UUID, Instant> found = new ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        CompletableFuture<?>[] reads = new CompletableFuture<?>[messages.size()];
        int i = 0;
        for (UUID id : messages) {
            inFlight.acquireUninterruptibly();
            reads[i++] = read.apply(id).toCompletableFuture()
                    .whenComplete((time, failure) -> {
                        inFlight.release();
                        if (time != null) {
                            time.ifPresent(at -> found.put(id, at));
                        }
                    });
        }
        CompletableFuture.allOf(reads).exceptionally(failure -> null).join();
        return found;
    }

    @Override
    public void close() {
        session.close();
    }
}
