package io.chat4all.kit.http;

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
 * and only our own faults a 500, which carries an {@code error_id} that the ERROR log line repeats.
 */
public final class ProblemHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandlers.class);
    private static final Duration STORAGE_RETRY_AFTER = Duration.ofSeconds(2);

    private ProblemHandlers() {
    }

    public static void install(HttpRouting.Builder routing) {
        routing.error(ApiProblem.class, ProblemHandlers::send)
                .error(NotFoundException.class, (req, res, e) -> send(req, res, ApiProblem.notFound(
                        "no route for " + req.prologue().method().text() + " " + req.path().path())))
                .error(HttpException.class, (req, res, e) -> send(req, res, fromHelidon(req, e)))
                .error(Throwable.class, ProblemHandlers::unexpected);
    }

    /** Sends the problem as the answer to {@code req}: without its body when that is a HEAD request. */
    public static void send(ServerRequest req, ServerResponse res, ApiProblem problem) {
        ServerResponse answer = HeadResponse.of(req, res);
        problem.headers().forEach(answer::header);
        answer.status(problem.status())
                .header(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .send(Json.bytes(problem.body()));
    }

    private static ApiProblem fromHelidon(ServerRequest req, HttpException e) {
        Status status = e.status();
        boolean clientError = status.code() >= 400 && status.code() < 500;
        return clientError ? ApiProblem.of(status, e.getMessage()) : fault(req.prologue().method().text(), req.path().path(), e);
    }

    /** A Cassandra outage is a 503 the client may retry; anything else is our fault. */
    private static void unexpected(ServerRequest req, ServerResponse res, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof AllNodesFailedException || cause instanceof DriverTimeoutException
                || cause instanceof QueryConsistencyException || cause instanceof UnavailableException
                || cause instanceof OverloadedException || cause instanceof BootstrappingException) {
            LOG.warn("storage unavailable for {} {}: {}", req.prologue().method().text(), req.path().path(), cause.toString());
            send(req, res, ApiProblem.unavailable("storage is unavailable, retry later", STORAGE_RETRY_AFTER));
            return;
        }
        send(req, res, fault(req.prologue().method().text(), req.path().path(), e));
    }

    /**
     * A 500 under a fresh error id, logged with its cause (when known): the answer itself tells nothing of our
     * internals, and the id leads from it to the log line.
     */
    static ApiProblem fault(String method, String path, Throwable cause) {
        ApiProblem problem = ApiProblem.internal();
        LOG.atError()
                .addKeyValue("error_id", problem.errorId())
                .setCause(cause)
                .log("unexpected failure handling {} {}, error_id {}", method, path, problem.errorId());
        return problem;
    }
}
