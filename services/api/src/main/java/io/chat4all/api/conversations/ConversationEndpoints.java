package io.chat4all.api.conversations;

import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.kit.http.Json;
import io.chat4all.kit.http.JsonBodies;
import io.chat4all.kit.http.PathParams;
import io.chat4all.kit.http.QueryParams;
import io.chat4all.kit.http.RequestFields;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** The {@code /v1/conversations} routes. */
public final class ConversationEndpoints {
    static final int DEFAULT_PAGE = 20;
    static final int MAX_PAGE = 100;

    private final Conversations conversations;
    private final JsonBodies bodies;

    public ConversationEndpoints(Conversations conversations, JsonBodies bodies) {
        this.conversations = conversations;
        this.bodies = bodies;
    }

    /** {@code POST /v1/conversations}: 201 when created, 200 for the pair's existing private conversation. */
    public void create(ServerRequest req, ServerResponse res, UUID callerId) {
        switch (NewConversation.parse(bodies.readObject(req))) {
            case NewConversation.Private p -> {
                Conversations.Created opened = conversations.openPrivate(callerId, p.memberId());
                Json.send(res, opened.isNew() ? Status.CREATED_201 : Status.OK_200, opened.conversation());
            }
            case NewConversation.Group g -> Json.send(res, Status.CREATED_201, conversations.createGroup(callerId, g));
        }
    }

    /** {@code GET /v1/conversations}: the caller's conversations, newest first. */
    public void list(ServerRequest req, ServerResponse res, UUID callerId) {
        QueryParams query = QueryParams.of(req);
        int limit = query.limit(DEFAULT_PAGE, MAX_PAGE);
        Optional<UUID> cursor = query.cursor();
        query.throwIfInvalid();
        Json.send(res, Status.OK_200, conversations.listFor(callerId, limit, cursor));
    }

    /** {@code GET /v1/conversations/{conversation_id}}. */
    public void get(ServerRequest req, ServerResponse res, UUID callerId) {
        UUID conversationId = PathParams.uuid(req, "conversation_id");
        Json.send(res, Status.OK_200, conversations.details(conversationId, callerId));
    }

    /** {@code POST /v1/conversations/{conversation_id}/members}: 200 with the conversation. */
    public void addMember(ServerRequest req, ServerResponse res, UUID callerId) {
        UUID conversationId = PathParams.uuid(req, "conversation_id");
        UUID userId = userId(bodies.readObject(req));
        Json.send(res, Status.OK_200, conversations.addMember(conversationId, callerId, userId));
    }

    /** {@code DELETE /v1/conversations/{conversation_id}/members/{user_id}}: 204. */
    public void removeMember(ServerRequest req, ServerResponse res, UUID callerId) {
        UUID conversationId = PathParams.uuid(req, "conversation_id");
        UUID userId = PathParams.uuid(req, "user_id");
        conversations.removeMember(conversationId, callerId, userId);
        res.status(Status.NO_CONTENT_204).send();
    }

    private static UUID userId(JsonNode body) {
        RequestFields fields = RequestFields.of(body);
        UUID userId = fields.requiredUuid("user_id");
        fields.throwIfInvalid();
        return userId;
    }
}
