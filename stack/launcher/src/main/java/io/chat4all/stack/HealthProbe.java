package io.chat4all.stack;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One GET of a service's health endpoint that never takes longer than its timeout: a JVM that accepts connections
 * but no longer answers (out of memory, deadlocked) must not hang whoever asks.
 *
 * <p>The whole exchange is bounded, body included: before Java 26 a request's own timeout stops counting once the
 * response headers have arrived.
 */
final class HealthProbe {

    private static final int MAX_DETAIL_LENGTH = 300;

    enum Outcome { HEALTHY, UNHEALTHY, NOT_ANSWERING }

    /** What the endpoint said: {@code HEALTHY} (200), {@code UNHEALTHY} (another status) or nothing in time. */
    record Result(Outcome outcome, String detail) {

        boolean healthy() {
            return outcome == Outcome.HEALTHY;
        }

        /** "healthy", "unhealthy: 503 {...}", "not answering: no answer within 5 s". */
        @Override
        public String toString() {
            return switch (outcome) {
                case HEALTHY -> "healthy";
                case UNHEALTHY -> "unhealthy: " + detail;
                case NOT_ANSWERING -> "not answering: " + detail;
            };
        }
    }

    private final HttpClient http;
    private final Duration timeout;

    HealthProbe(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    Result check(URI endpoint) {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout).GET().build();
        CompletableFuture<HttpResponse<String>> exchange =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return response.statusCode() == 200
                    ? new Result(Outcome.HEALTHY, "200")
                    : new Result(Outcome.UNHEALTHY, abbreviate(response.statusCode() + " " + response.body()));
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return noAnswerInTime();
        } catch (ExecutionException e) {
            return notAnswering(e.getCause());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return new Result(Outcome.NOT_ANSWERING, "interrupted");
        }
    }

    private Result notAnswering(Throwable cause) {
        if (cause instanceof HttpTimeoutException) {
            return noAnswerInTime();
        }
        if (cause instanceof ConnectException) {
            return new Result(Outcome.NOT_ANSWERING, "connection refused");
        }
        String detail = cause instanceof IOException && cause.getMessage() != null
                ? cause.getMessage() : cause.toString();
        return new Result(Outcome.NOT_ANSWERING, abbreviate(detail));
    }

    private Result noAnswerInTime() {
        return new Result(Outcome.NOT_ANSWERING, "no answer within " + LocalStack.seconds(timeout));
    }

    private static String abbreviate(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= MAX_DETAIL_LENGTH ? line : line.substring(0, MAX_DETAIL_LENGTH) + "...";
    }
}
