package io.chat4all.api.auth;

import java.util.UUID;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** A route handler that runs only for a verified caller, and is told who it is. */
@FunctionalInterface
public interface AuthenticatedHandler {
    void handle(ServerRequest req, ServerResponse res, UUID callerId) throws Exception;
}
