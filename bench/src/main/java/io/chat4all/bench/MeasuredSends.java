package io.chat4all.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.helidon.http.HeaderNames;
import io.helidon.http.media.MediaContext;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;

/**
 * The client of the measured sends: Helidon's blocking WebClient, called from each send's virtual thread, over at most
 * {@code maxConnections} kept-alive connections. The JDK's HttpClient cost the generator 1–3 ms of CPU per send on
 * this machine and, with the api slow, opened a new connection for each waiting send (15,000 of them); on two shared
 * cores, a generator that heavy measures itself.
 *
 * <p>A send is bounded by a connect timeout and a read timeout ({@code requestTimeout}) on every read.
 */
final class MeasuredSends {
    private final WebClient http;

    MeasuredSends(URI api, Duration requestTimeout, int maxConnections) {
        this.http = WebClient.builder()
                .baseUri(api)
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(requestTimeout)
                .connectionCacheSize(maxConnections)
                .shareConnectionCache(false)
                .mediaContext(MediaContext.create())
                .build();
    }

    /** One send of {@code text}; the outcome as {@link ApiSession#send} describes it. Never throws. */
    ApiSession.Sent send(String token, UUID conversation, String text) {
        try {
            byte[] body = ApiSession.JSON.writeValueAsBytes(Map.of("conversation_id", conversation.toString(),
                    "text", text));
            try (HttpClientResponse response = http.post("/v1/messages")
                    .header(HeaderNames.AUTHORIZATION, "Bearer " + token)
                    .contentType(MediaTypes.APPLICATION_JSON)
                    .submit(body)) {
                int status = response.status().code();
                byte[] answer = response.entity().as(byte[].class);
                Optional<UUID> id = status == 202
                        ? Optional.of(UUID.fromString(ApiSession.JSON.readTree(answer).path("message_id").asText()))
                        : Optional.empty();
                return new ApiSession.Sent(Integer.toString(status), id);
            }
        } catch (RuntimeException | IOException e) {
            return ApiSession.Sent.failed(timedOut(e) ? ApiSession.TIMEOUT : "error: " + rootCause(e).getClass().getSimpleName());
        }
    }

    private static boolean timedOut(Throwable e) {
        return rootCause(e) instanceof SocketTimeoutException
                || e instanceof UncheckedIOException u && u.getCause() instanceof SocketTimeoutException;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
