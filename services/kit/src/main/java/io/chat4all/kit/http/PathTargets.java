package io.chat4all.kit.http;

import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Refuses a request whose target is not a path (RFC 9112, section 3.2: services take the origin form), such as the
 * {@code host:port} of a {@code CONNECT}: Helidon 4.5 routes that with a null path and fails on it.
 */
public final class PathTargets implements Filter {
    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().rawPath();
        if (path == null || !path.startsWith("/")) {
            ProblemHandlers.send(req, res, ApiProblem.of(Status.BAD_REQUEST_400, "the request target must be a path starting with /"));
            return;
        }
        chain.proceed();
    }
}
