package io.chat4all.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.stack.LocalStack;

import static org.awaitility.Awaitility.await;

/** The stack's Prometheus, read through its HTTP API (instant queries, series, metric names, exemplars). */
final class PrometheusApi {
    /**
     * How long after a measurement a scrape surely holds it: the agents export every 5 s (the launcher's
     * OTEL_METRIC_EXPORT_INTERVAL) and the Collector batches for up to 1 s; a second of margin.
     */
    static final Duration EXPORT_DELAY = Duration.ofSeconds(7);
    private static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(60);

    private final URI base;
    private final TelemetryHttp http = new TelemetryHttp();

    PrometheusApi(LocalStack stack) {
        this.base = stack.prometheusUri();
    }

    /** One sample of an instant vector: its labels (with {@code __name__} when the query keeps it) and value. */
    record Sample(Map<String, String> labels, double value) {
    }

    /** {@code /api/v1/query}: the samples of an instant-vector expression, now. */
    List<Sample> query(String promql) {
        List<Sample> samples = new ArrayList<>();
        for (JsonNode result : data("/api/v1/query?query=" + encode(promql)).path("result")) {
            samples.add(new Sample(labels(result.path("metric")), Double.parseDouble(result.path("value").get(1).asText())));
        }
        return samples;
    }

    /** The sum of the selector's series now; 0 while there is none. */
    double sum(String selector) {
        return query("sum(" + selector + ")").stream().mapToDouble(Sample::value).sum();
    }

    /** The largest value of the selector's series now; -1 while there is none. */
    double max(String selector) {
        return query("max(" + selector + ")").stream().mapToDouble(Sample::value).max().orElse(-1);
    }

    /** {@code /api/v1/series}: the label sets of every series matching the selector, over all the data kept. */
    List<Map<String, String>> series(String selector) {
        List<Map<String, String>> series = new ArrayList<>();
        data("/api/v1/series?match[]=" + encode(selector)).forEach(labels -> series.add(labels(labels)));
        return series;
    }

    /** {@code /api/v1/label/__name__/values}: every metric name Prometheus has. */
    List<String> metricNames() {
        List<String> names = new ArrayList<>();
        data("/api/v1/label/__name__/values").forEach(name -> names.add(name.asText()));
        return names;
    }

    /** An exemplar: the series it belongs to and its own labels (trace_id, span_id). */
    record Exemplar(Map<String, String> series, Map<String, String> labels, double value) {
    }

    /** {@code /api/v1/query_exemplars} between two instants. */
    List<Exemplar> exemplars(String promql, Instant start, Instant end) {
        List<Exemplar> exemplars = new ArrayList<>();
        JsonNode data = data("/api/v1/query_exemplars?query=" + encode(promql) + "&start=" + seconds(start)
                + "&end=" + seconds(end));
        for (JsonNode series : data) {
            for (JsonNode exemplar : series.path("exemplars")) {
                exemplars.add(new Exemplar(labels(series.path("seriesLabels")), labels(exemplar.path("labels")),
                        Double.parseDouble(exemplar.path("value").asText())));
            }
        }
        return exemplars;
    }

    /**
     * Waits until a series matching {@code selector} has a sample taken at or after {@code at} (a scrape, or a rule's
     * evaluation for a recorded series) and returns that sample's time. A scrape later than a measurement plus
     * {@link #EXPORT_DELAY} holds that measurement.
     */
    Instant awaitSampleAfter(String selector, Instant at) {
        return await().atMost(SCRAPE_TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> query("max(timestamp("
                + selector + "))").stream().map(sample -> Instant.ofEpochMilli((long) (sample.value() * 1000)))
                .findFirst().orElse(Instant.EPOCH), sampled -> !sampled.isBefore(at));
    }

    private JsonNode data(String pathAndQuery) {
        TelemetryHttp.Answer answer = http.get(URI.create(base.toString().replaceAll("/$", "") + pathAndQuery));
        try {
            JsonNode body = ApiClient.JSON.readTree(answer.body());
            if (answer.status() != 200 || !"success".equals(body.path("status").asText())) {
                throw new AssertionError("Prometheus answered " + answer.status() + " to " + pathAndQuery + ": " + answer.body());
            }
            return body.path("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> labels(JsonNode object) {
        Map<String, String> labels = new LinkedHashMap<>();
        object.properties().forEach(label -> labels.put(label.getKey(), label.getValue().asText()));
        return labels;
    }

    private static String seconds(Instant instant) {
        return String.format(java.util.Locale.ROOT, "%.3f", instant.toEpochMilli() / 1000.0);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
