package io.chat4all.it;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.chat4all.it.PrometheusApi.Exemplar;
import io.chat4all.stack.LocalStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Metric to trace: a latency histogram's bucket keeps, as an exemplar, the trace id and span id of a measurement, and
 * Jaeger returns that trace with that span.
 */
@ExtendWith(TestStack.class)
class MetricExemplarsIT {
    private static final Duration EXEMPLAR_TIMEOUT = Duration.ofSeconds(60);

    private PrometheusApi prometheus;
    private TraceStore traces;

    @BeforeEach
    void needsTheTelemetryPipeline(LocalStack stack) {
        TestStack.assumeTelemetry(stack);
        prometheus = new PrometheusApi(stack);
        traces = new TraceStore(stack);
    }

    /** The agent's HTTP server histogram: the api's answer to the send. */
    @Test
    void theApisRequestDurationPointsAtTheRequestsTrace(ApiClient api) {
        Instant start = Instant.now();
        TracedDelivery delivery = TracedDelivery.send(api, "an exemplar");

        Exemplar exemplar = awaitExemplar("http_server_request_duration_seconds_bucket{job=\"chat4all-api\"}", start,
                delivery.traceId());
        assertSpanInTrace(exemplar, Spans.API);
    }

    /** The router's accept-to-DELIVERED histogram, recorded when the provider's receipt is applied. */
    @Test
    void theDeliveryLatencyPointsAtTheMessagesTrace(ApiClient api) {
        Instant start = Instant.now();
        TracedDelivery delivery = TracedDelivery.send(api, "a delivered exemplar");
        delivery.awaitDelivered(api);

        Exemplar exemplar = awaitExemplar("chat4all_delivery_latency_seconds_bucket{job=\"chat4all-router\"}", start,
                delivery.traceId());
        assertSpanInTrace(exemplar, Spans.ROUTER);
    }

    /** Polls the exemplars of {@code selector} since {@code start} until one carries {@code traceId}. */
    private Exemplar awaitExemplar(String selector, Instant start, String traceId) {
        AtomicReference<Exemplar> found = new AtomicReference<>();
        await().atMost(EXEMPLAR_TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<Exemplar> exemplars = prometheus.exemplars(selector, start, Instant.now().plusSeconds(60));
            found.set(exemplars.stream().filter(exemplar -> traceId.equals(exemplar.labels().get("trace_id")))
                    .findFirst().orElseThrow(() -> new AssertionError("no exemplar of trace " + traceId + " on "
                            + selector + " among " + exemplars.size() + ", e.g. " + exemplars.stream().limit(3).toList())));
        });
        return found.get();
    }

    /** Jaeger returns the exemplar's trace, and in it the exemplar's span, from {@code service}. */
    private void assertSpanInTrace(Exemplar exemplar, String service) {
        String traceId = exemplar.labels().get("trace_id");
        String spanId = exemplar.labels().get("span_id");
        traces.awaitTrace(traceId, Duration.ofSeconds(30), trace -> {
            Trace.Span span = trace.span(spanId).orElseThrow(() -> new AssertionError("no span " + spanId + " in "
                    + trace.describe()));
            assertEquals(service, span.service(), "the exemplar's span: " + span);
        });
    }
}
