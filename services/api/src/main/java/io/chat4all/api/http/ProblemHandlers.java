package io.chat4all.api.http;

import java.time.Duration;
import java.util.concurrent.CompletionException;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.BootstrappingException;
import com.datastax.oss.driver.api.core.servererrors.OverloadedException;
import com.datastax.oss.driver.api.core.servererrors.QueryConsistencyException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.NotFoundException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every exception that leaves a handler into a problem+json answer: client mistakes are 4xx, outages 503,
 * and only our own faults a 500.
 */
public final class ProblemHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandlers.class);
    private static final Duration STORAGE_RETRY_AFTER = Duration.ofSeconds(2);

    private ProblemHandlers() {
    }

    public static void install(HttpRouting.Builder routing) {
        routing.error(ApiProblem.class, (req, res, problem) -> send(res, problem))
                .error(NotFoundException.class, (req, res, e) -> send(res, ApiProblem.notFound(
                        "no route for " + req.prologue().method().text() + " " + req.path().path())))
                .error(HttpException.class, (req, res, e) -> send(res, fromHelidon(e)))
                .error(Throwable.class, ProblemHandlers::unexpected);
    }

    public static void send(ServerResponse res, ApiProblem problem) {
        problem.headers().forEach(res::header);
        res.status(problem.status())
                .header(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .send(Json.bytes(problem.body()));
    }

    private static ApiProblem fromHelidon(HttpException e) {
        Status status = e.status();
        boolean clientError = status.code() >= 400 && status.code() < 500;
        return ApiProblem.of(status, clientError ? e.getMessage() : status.reasonPhrase());
    }

    /** A Cassandra outage is a 503 the client may retry; anything else is our fault, logged, and a bare 500. */
    private static void unexpected(ServerRequest req, ServerResponse res, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof AllNodesFailedException || cause instanceof DriverTimeoutException
                || cause instanceof QueryConsistencyException || cause instanceof UnavailableException
                || cause instanceof OverloadedException || cause instanceof BootstrappingException) {
            LOG.warn("storage unavailable for {} {}: {}", req.prologue().method().text(), req.path().path(), cause.toString());
            send(res, ApiProblem.unavailable("storage is unavailable, retry later", STORAGE_RETRY_AFTER));
            return;
        }
        LOG.error("unexpected failure handling {} {}", req.prologue().method().text(), req.path().path(), e);
        send(res, ApiProblem.of(Status.INTERNAL_SERVER_ERROR_500, "internal error, see the server log"));
    }
}
