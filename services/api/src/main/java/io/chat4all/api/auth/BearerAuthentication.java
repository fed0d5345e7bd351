package io.chat4all.api.auth;

import java.util.UUID;

import io.chat4all.kit.http.ApiProblem;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;

/** Guards routes with {@code Authorization: Bearer <jwt>}; anything else is a 401 with a Bearer challenge. */
public final class BearerAuthentication {
    private static final String SCHEME = "Bearer ";

    private final JwtTokens tokens;

    public BearerAuthentication(JwtTokens tokens) {
        this.tokens = tokens;
    }

    public Handler require(AuthenticatedHandler handler) {
        return (req, res) -> handler.handle(req, res, caller(req));
    }

    /** The caller the request's token names; a 401 problem without a valid one. */
    public UUID caller(ServerRequest req) {
        String authorization = req.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
        if (authorization == null) {
            throw ApiProblem.unauthorized("an Authorization: Bearer token is required", null);
        }
        if (!authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw ApiProblem.unauthorized("the Authorization scheme must be Bearer", "invalid_request");
        }
        return tokens.verify(authorization.substring(SCHEME.length()).trim())
                .orElseThrow(() -> ApiProblem.unauthorized("the token is invalid or expired", "invalid_token"));
    }
}
