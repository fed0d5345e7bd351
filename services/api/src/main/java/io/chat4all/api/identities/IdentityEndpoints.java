package io.chat4all.api.identities;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import com.datastax.oss.driver.api.core.CqlSession;
import io.chat4all.api.conversations.ConversationStore;
import io.chat4all.api.conversations.DirectoryChanges;
import io.chat4all.kit.http.Json;
import io.chat4all.kit.http.JsonBodies;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** The {@code /v1/users/me/identities} routes: link, list and unlink the caller's external identity. */
public final class IdentityEndpoints {
    private final Identities identities;
    private final JsonBodies bodies;

    IdentityEndpoints(Identities identities, JsonBodies bodies) {
        this.identities = identities;
        this.bodies = bodies;
    }

    public static IdentityEndpoints create(CqlSession session, ConversationStore conversations,
                                           DirectoryChanges changes, Clock clock, JsonBodies bodies) {
        return new IdentityEndpoints(new Identities(new IdentityStore(session), conversations, changes, clock), bodies);
    }

    /** For route tables that are only recorded, never called. */
    public static IdentityEndpoints unwired() {
        return new IdentityEndpoints(null, null);
    }

    /** The list answer: at most one identity today, a list so that the shape can grow. */
    public record IdentityList(List<LinkedIdentity> items) {
    }

    /** {@code POST /v1/users/me/identities}: 201 when linked now, 200 when it was linked already. */
    public void link(ServerRequest req, ServerResponse res, UUID callerId) {
        Identities.Linked linked = identities.link(callerId, NewIdentity.parse(bodies.readObject(req)));
        Json.send(res, linked.isNew() ? Status.CREATED_201 : Status.OK_200, linked.identity());
    }

    /** {@code GET /v1/users/me/identities}. */
    public void list(ServerRequest req, ServerResponse res, UUID callerId) {
        Json.send(res, Status.OK_200, new IdentityList(identities.list(callerId)));
    }

    /** {@code DELETE /v1/users/me/identities/{channel}}: 204. */
    public void unlink(ServerRequest req, ServerResponse res, UUID callerId) {
        identities.unlink(callerId, NewIdentity.channelOf(req.path().pathParameters().get("channel")));
        res.status(Status.NO_CONTENT_204).send();
    }
}
