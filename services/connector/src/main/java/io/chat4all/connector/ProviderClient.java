package io.chat4all.connector;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.contracts.Channel;
import io.chat4all.contracts.StatusEventCodec;
import io.chat4all.kit.http.Json;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends messages to the provider ({@code POST {provider-url}/v1/{channel}/messages}) through the
 * {@link ProviderResilience} guards, and sorts every outcome: 2xx accepted, 400 and 422 rejected for good, anything else
 * (5xx, another status, no answer in time, a failed connection, the breaker open) unavailable for now.
 */
final class ProviderClient {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderClient.class);

    /** The last answer (or failure to get one) from the provider, for health. */
    record LastCall(Instant at, boolean reachable, String outcome) {
    }

    private final HttpClient http;
    private final URI messagesUri;
    private final Duration callTimeout;
    private final ProviderResilience guards;
    private final Clock clock;
    private volatile LastCall lastCall;

    ProviderClient(HttpClient http, URI providerUrl, Channel channel, Duration callTimeout, ProviderResilience guards,
                   Clock clock) {
        this.http = http;
        this.messagesUri = providerUrl.resolve("/v1/" + channel.wireName() + "/messages");
        this.callTimeout = callTimeout;
        this.guards = guards;
        this.clock = clock;
    }

    /** An HTTP/1.1 client that gives up connecting after {@code connectTimeout}. */
    static HttpClient httpClient(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
    }

    /** Sends the message; blocks until the provider accepted or refused it, or the guards gave up. */
    ProviderAnswer send(ProviderRequest message) throws ProviderRejectedException, ProviderUnavailableException {
        HttpRequest request = HttpRequest.newBuilder(messagesUri)
                .timeout(callTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(message)))
                .build();
        try {
            ProviderAnswer answer = guards.call(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                    .thenApply(ProviderClient::interpret));
            noteCall(true, answer.duplicate() ? "accepted (duplicate)" : "accepted");
            return answer;
        } catch (ProviderRejectedException e) {
            noteCall(true, "rejected (" + e.status() + ")");
            throw e;
        } catch (CallNotPermittedException e) {
            throw new ProviderUnavailableException("provider unavailable: circuit breaker open", e);
        } catch (ProviderUnavailableException e) {
            noteCall(false, e.getMessage());
            throw e;
        } catch (TimeoutException e) {
            throw unavailable("provider unavailable: no answer within " + callTimeout, e);
        } catch (IOException e) {
            throw unavailable("provider unavailable: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException("interrupted while calling the provider", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("unexpected failure calling the provider", e);
        }
    }

    /** The last call's outcome, or null before the first. */
    LastCall lastCall() {
        return lastCall;
    }

    private ProviderUnavailableException unavailable(String reason, Exception cause) {
        noteCall(false, reason);
        return new ProviderUnavailableException(reason, cause);
    }

    private void noteCall(boolean reachable, String outcome) {
        lastCall = new LastCall(clock.instant(), reachable, outcome);
    }

    private static ProviderAnswer interpret(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            JsonNode body = parseOrNull(response.body());
            return new ProviderAnswer(body == null ? "" : body.path("provider_message_id").asText(""),
                    body != null && body.path("duplicate").asBoolean(false));
        }
        if (status == 400 || status == 422) {
            throw new CompletionException(new ProviderRejectedException(status, detailOf(response)));
        }
        throw new CompletionException(new ProviderUnavailableException(
                "provider unavailable: answered " + status + retryAfter(response), null));
    }

    /** The provider's {@code detail} (or {@code error}), else its status; cut to what a status event keeps. */
    private static String detailOf(HttpResponse<byte[]> response) {
        JsonNode body = parseOrNull(response.body());
        String detail = body == null ? "" : body.path("detail").asText(body.path("error").asText(""));
        if (detail.isBlank()) {
            detail = "status " + response.statusCode();
        }
        return StatusEventCodec.shortened(detail);
    }

    private static String retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(value -> " (Retry-After " + value + ")").orElse("");
    }

    private static JsonNode parseOrNull(byte[] body) {
        try {
            return body.length == 0 ? null : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            LOG.debug("provider answer is not JSON: {}", e.toString());
            return null;
        }
    }

    private static byte[] body(ProviderRequest message) {
        try {
            return Json.MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a provider request", e);
        }
    }

    private static String describe(IOException e) {
        String text = e.getMessage() != null ? e.getMessage() : "";
        return text.isBlank() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + text;
    }
}
