package io.chat4all.api.conversations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;

/**
 * Conversations in Cassandra: {@code conversations}, {@code conversation_members}, {@code user_conversations} (a
 * member's list, kept in step with the members) and {@code private_conversations} (one conversation per pair).
 */
public final class ConversationStore {
    private static final String CONVERSATION_COLUMNS = "conversation_id, type, name, created_by, created_at";

    private final CqlSession session;
    private final PreparedStatement claimPair;
    private final PreparedStatement insertConversation;
    private final PreparedStatement insertConversationIfAbsent;
    private final PreparedStatement selectConversation;
    private final PreparedStatement insertMember;
    private final PreparedStatement deleteMember;
    private final PreparedStatement selectMembers;
    private final PreparedStatement selectRole;
    private final PreparedStatement insertUserConversation;
    private final PreparedStatement deleteUserConversation;
    private final PreparedStatement selectUserConversations;
    private final PreparedStatement selectUserConversationsBefore;

    public ConversationStore(CqlSession session) {
        this.session = session;
        this.claimPair = session.prepare("INSERT INTO private_conversations (user_low, user_high, conversation_id) "
                + "VALUES (?, ?, ?) IF NOT EXISTS");
        String insert = "INSERT INTO conversations (" + CONVERSATION_COLUMNS + ") VALUES (?, ?, ?, ?, ?)";
        this.insertConversation = session.prepare(insert);
        this.insertConversationIfAbsent = session.prepare(insert + " IF NOT EXISTS");
        this.selectConversation = session.prepare("SELECT " + CONVERSATION_COLUMNS
                + " FROM conversations WHERE conversation_id = ?");
        this.insertMember = session.prepare("INSERT INTO conversation_members (conversation_id, user_id, role, joined_at) "
                + "VALUES (?, ?, ?, ?)");
        this.deleteMember = session.prepare("DELETE FROM conversation_members WHERE conversation_id = ? AND user_id = ?");
        this.selectMembers = session.prepare("SELECT user_id, role FROM conversation_members WHERE conversation_id = ?");
        this.selectRole = session.prepare("SELECT role FROM conversation_members WHERE conversation_id = ? AND user_id = ?");
        this.insertUserConversation = session.prepare("INSERT INTO user_conversations (user_id, conversation_id) VALUES (?, ?)");
        this.deleteUserConversation = session.prepare("DELETE FROM user_conversations WHERE user_id = ? AND conversation_id = ?");
        this.selectUserConversations = session.prepare("SELECT conversation_id FROM user_conversations WHERE user_id = ? "
                + "LIMIT ?");
        this.selectUserConversationsBefore = session.prepare("SELECT conversation_id FROM user_conversations "
                + "WHERE user_id = ? AND conversation_id < ? LIMIT ?");
    }

    /**
     * Claims the pair {@code (low, high)} for {@code proposedId}; returns the id that owns the pair, which is
     * {@code proposedId} only if this call won the claim.
     */
    public UUID claimPrivatePair(UUID low, UUID high, UUID proposedId) {
        Row row = session.execute(claimPair.bind(low, high, proposedId)).one();
        return row.getBoolean("[applied]") ? proposedId : row.getUuid("conversation_id");
    }

    public void insert(Conversation conversation) {
        session.execute(bindInsert(insertConversation, conversation));
    }

    /** Inserts the conversation unless its row exists; returns the stored row either way. */
    public Conversation insertIfAbsent(Conversation conversation) {
        Row row = session.execute(bindInsert(insertConversationIfAbsent, conversation)).one();
        return row.getBoolean("[applied]") ? conversation : toConversation(row);
    }

    public Optional<Conversation> find(UUID conversationId) {
        return Optional.ofNullable(session.execute(selectConversation.bind(conversationId)).one())
                .map(ConversationStore::toConversation);
    }

    /** The conversations that exist among the ids, in the ids' order; looked up concurrently. */
    public List<Conversation> findAll(List<UUID> conversationIds) {
        List<CompletableFuture<Optional<Conversation>>> lookups = conversationIds.stream()
                .map(id -> session.executeAsync(selectConversation.bind(id))
                        .thenApply(rows -> Optional.ofNullable(rows.one()).map(ConversationStore::toConversation))
                        .toCompletableFuture())
                .toList();
        return lookups.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList();
    }

    public List<Member> members(UUID conversationId) {
        List<Member> members = new ArrayList<>();
        for (Row row : session.execute(selectMembers.bind(conversationId))) {
            members.add(new Member(row.getUuid("user_id"), Role.valueOf(row.getString("role"))));
        }
        return members;
    }

    public Optional<Role> role(UUID conversationId, UUID userId) {
        return Optional.ofNullable(session.execute(selectRole.bind(conversationId, userId)).one())
                .map(row -> Role.valueOf(row.getString("role")));
    }

    /** Adds the members and lists the conversation for each of them; one concurrent round of writes. */
    public void addMembers(UUID conversationId, Collection<Member> members, Instant joinedAt) {
        List<CompletionStage<AsyncResultSet>> writes = new ArrayList<>();
        for (Member member : members) {
            writes.add(session.executeAsync(insertMember.bind(conversationId, member.userId(), member.role().name(), joinedAt)));
            writes.add(session.executeAsync(insertUserConversation.bind(member.userId(), conversationId)));
        }
        awaitAll(writes);
    }

    /** Removes the member and the conversation from their list. */
    public void removeMember(UUID conversationId, UUID userId) {
        awaitAll(List.of(
                session.executeAsync(deleteMember.bind(conversationId, userId)),
                session.executeAsync(deleteUserConversation.bind(userId, conversationId))));
    }

    /** Ids of the user's conversations, newest first, strictly older than {@code before} when given. */
    public List<UUID> conversationIdsOf(UUID userId, int limit, Optional<UUID> before) {
        BoundStatement query = before
                .map(position -> selectUserConversationsBefore.bind(userId, position, limit))
                .orElseGet(() -> selectUserConversations.bind(userId, limit));
        ResultSet rows = session.execute(query);
        List<UUID> ids = new ArrayList<>(limit);
        rows.forEach(row -> ids.add(row.getUuid("conversation_id")));
        return ids;
    }

    private static BoundStatement bindInsert(PreparedStatement statement, Conversation c) {
        return statement.bind(c.conversationId(), c.type().name(), c.name(), c.createdBy(), c.createdAt());
    }

    private static Conversation toConversation(Row row) {
        return new Conversation(row.getUuid("conversation_id"), ConversationType.valueOf(row.getString("type")),
                row.getString("name"), row.getUuid("created_by"), row.getInstant("created_at"));
    }

    private static void awaitAll(List<CompletionStage<AsyncResultSet>> writes) {
        CompletableFuture.allOf(writes.stream().map(CompletionStage::toCompletableFuture).toArray(CompletableFuture[]::new))
                .join();
    }
}
