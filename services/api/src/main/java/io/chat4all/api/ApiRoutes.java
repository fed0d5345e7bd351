package io.chat4all.api;

import io.chat4all.api.auth.AuthEndpoints;
import io.chat4all.api.auth.BearerAuthentication;
import io.chat4all.api.conversations.ConversationEndpoints;
import io.chat4all.api.files.FileEndpoints;
import io.chat4all.api.identities.IdentityEndpoints;
import io.chat4all.kit.http.RouteTable;
import io.chat4all.kit.http.StreamedUpload;
import io.chat4all.api.messages.AcceptLimit;
import io.chat4all.api.messages.AcceptedMessages;
import io.chat4all.api.messages.MessageEndpoints;
import io.chat4all.api.openapi.OpenApiEndpoint;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRules;

/**
 * Every route of the api, in one place. openapi.yaml documents exactly these (a unit test holds them together).
 * Everything under {@code /v1} needs a Bearer token (a file's content also opens with a signed link instead); sends
 * in flight are bounded by an {@link AcceptLimit}, and those answered 202 counted by {@link AcceptedMessages}.
 */
public final class ApiRoutes {
    /** The one route whose body is streamed, not parsed: it may be as large as {@code files.max-size}. */
    public static final String UPLOAD_PATH = "/v1/files";

    private final OpenApiEndpoint openApi;
    private final AuthEndpoints auth;
    private final BearerAuthentication bearer;
    private final ConversationEndpoints conversations;
    private final IdentityEndpoints identities;
    private final MessageEndpoints messages;
    private final FileEndpoints files;
    private final AcceptLimit acceptLimit;
    private final AcceptedMessages accepted;

    public ApiRoutes(OpenApiEndpoint openApi,
                     AuthEndpoints auth,
                     BearerAuthentication bearer,
                     ConversationEndpoints conversations,
                     IdentityEndpoints identities,
                     MessageEndpoints messages,
                     FileEndpoints files,
                     AcceptLimit acceptLimit,
                     AcceptedMessages accepted) {
        this.openApi = openApi;
        this.auth = auth;
        this.bearer = bearer;
        this.conversations = conversations;
        this.identities = identities;
        this.messages = messages;
        this.files = files;
        this.acceptLimit = acceptLimit;
        this.accepted = accepted;
    }

    /** The upload route and its limit, for the server's body size filter. */
    public static StreamedUpload upload(long maxSize) {
        return new StreamedUpload(Method.POST, UPLOAD_PATH, maxSize);
    }

    public void register(HttpRules rules) {
        RouteTable routes = new RouteTable(rules);
        routes.get("/openapi", openApi::serve)
                .post("/auth/register", auth::register)
                .post("/auth/token", auth::token)
                .post("/v1/conversations", bearer.require(conversations::create))
                .get("/v1/conversations", bearer.require(conversations::list))
                .get("/v1/conversations/{conversation_id}", bearer.require(conversations::get))
                .post("/v1/conversations/{conversation_id}/members", bearer.require(conversations::addMember))
                .delete("/v1/conversations/{conversation_id}/members/{user_id}", bearer.require(conversations::removeMember))
                .get("/v1/conversations/{conversation_id}/messages", bearer.require(messages::history))
                .post("/v1/users/me/identities", bearer.require(identities::link))
                .get("/v1/users/me/identities", bearer.require(identities::list))
                .delete("/v1/users/me/identities/{channel}", bearer.require(identities::unlink))
                .post("/v1/messages", acceptLimit.guard(accepted.counting(bearer.require(messages::send))))
                .get("/v1/messages/{message_id}", bearer.require(messages::status))
                .post("/v1/messages/{message_id}/delivered", bearer.require(messages::delivered))
                .post("/v1/messages/{message_id}/read", bearer.require(messages::read))
                .post(UPLOAD_PATH, StreamedUpload.closingOnRefusalBeforeBody(bearer.require(files::upload)))
                .get("/v1/files/{file_id}", bearer.require(files::metadata))
                .get("/v1/files/{file_id}/content", files::content)
                .refuseOtherMethods();
    }
}
