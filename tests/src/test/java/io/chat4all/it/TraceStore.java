package io.chat4all.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.stack.LocalStack;

import static org.awaitility.Awaitility.await;

/** The stack's Jaeger, read through its HTTP API: one trace by id. */
final class TraceStore {
    private final LocalStack stack;
    private final TelemetryHttp http = new TelemetryHttp();

    TraceStore(LocalStack stack) {
        this.stack = stack;
    }

    /** {@code GET /api/traces/<id>}: the trace's spans so far, or empty while Jaeger has none of them. */
    Optional<Trace> trace(String traceId) {
        TelemetryHttp.Answer answer = http.get(stack.traceStoreUri().resolve("/api/traces/" + traceId));
        if (answer.status() == 404) {
            return Optional.empty();
        }
        if (answer.status() != 200) {
            throw new AssertionError("Jaeger answered " + answer.status() + " for trace " + traceId + ": " + answer.body());
        }
        try {
            JsonNode data = ApiClient.JSON.readTree(answer.body()).path("data");
            return data.isArray() && !data.isEmpty() ? Optional.of(Trace.of(data.get(0))) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Polls the trace until {@code complete} passes on it (spans arrive in batches, per service); on timeout, fails with
     * the last assertion's message.
     */
    Trace awaitTrace(String traceId, Duration timeout, Consumer<Trace> complete) {
        AtomicReference<Trace> passed = new AtomicReference<>();
        await().atMost(timeout).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Trace trace = trace(traceId).orElseThrow(() -> new AssertionError("Jaeger holds no span of trace " + traceId));
            complete.accept(trace);
            passed.set(trace);
        });
        return passed.get();
    }
}
