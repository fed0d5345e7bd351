package io.chat4all.kit.http;

import java.util.UUID;

import io.helidon.webserver.http.ServerRequest;

/** Typed path parameters. */
public final class PathParams {
    private PathParams() {
    }

    /** The named path parameter as a UUID; anything else is a 400 naming the parameter. */
    public static UUID uuid(ServerRequest req, String name) {
        UUID id = UuidText.parse(req.path().pathParameters().get(name));
        if (id == null) {
            throw ApiProblem.invalidField(name, "must be a UUID");
        }
        return id;
    }
}
