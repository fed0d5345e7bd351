package io.chat4all.api.messages;

import java.util.Optional;
import java.util.UUID;

import io.chat4all.contracts.MessageStatus;
import io.chat4all.kit.http.Json;
import io.chat4all.kit.http.JsonBodies;
import io.chat4all.kit.http.PathParams;
import io.chat4all.kit.http.QueryParams;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** The message routes: send, history, status, and a recipient's delivered and read. */
public final class MessageEndpoints {
    private final MessageAcceptor acceptor;
    private final MessageHistory history;
    private final MessageStatuses statuses;
    private final JsonBodies bodies;

    public MessageEndpoints(MessageAcceptor acceptor, MessageHistory history, MessageStatuses statuses, JsonBodies bodies) {
        this.acceptor = acceptor;
        this.history = history;
        this.statuses = statuses;
        this.bodies = bodies;
    }

    /** {@code POST /v1/messages}: 202 once Kafka has the message. */
    public void send(ServerRequest req, ServerResponse res, UUID callerId) {
        Optional<String> idempotencyKey = IdempotencyKeys.validate(req.headers().first(IdempotencyKeys.HEADER_NAME));
        SendMessageRequest request = SendMessageRequest.parse(bodies.readObject(req));
        Json.send(res, Status.ACCEPTED_202, acceptor.accept(callerId, request, idempotencyKey));
    }

    /** {@code GET /v1/conversations/{conversation_id}/messages}. */
    public void history(ServerRequest req, ServerResponse res, UUID callerId) {
        UUID conversationId = PathParams.uuid(req, "conversation_id");
        HistoryQuery query = HistoryQuery.parse(QueryParams.of(req));
        Json.send(res, Status.OK_200, history.page(conversationId, callerId, query));
    }

    /** {@code GET /v1/messages/{message_id}}. */
    public void status(ServerRequest req, ServerResponse res, UUID callerId) {
        UUID messageId = PathParams.uuid(req, "message_id");
        Json.send(res, Status.OK_200, statuses.status(messageId, callerId));
    }

    /** {@code POST /v1/messages/{message_id}/delivered}: no body needed; 202 once Kafka has the report. */
    public void delivered(ServerRequest req, ServerResponse res, UUID callerId) {
        report(req, res, callerId, MessageStatus.DELIVERED);
    }

    /** {@code POST /v1/messages/{message_id}/read}: no body needed; 202 once Kafka has the report. */
    public void read(ServerRequest req, ServerResponse res, UUID callerId) {
        report(req, res, callerId, MessageStatus.READ);
    }

    private void report(ServerRequest req, ServerResponse res, UUID callerId, MessageStatus status) {
        UUID messageId = PathParams.uuid(req, "message_id");
        Json.send(res, Status.ACCEPTED_202, statuses.report(messageId, callerId, status));
    }
}
