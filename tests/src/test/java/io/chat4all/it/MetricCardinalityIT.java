package io.chat4all.it;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.chat4all.it.ApiClient.User;
import io.chat4all.stack.LocalStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ids in request paths never become label values: a thousand requests, each with its own id in the path, add no
 * series to the api's metrics, because paths are recorded as route templates.
 */
@ExtendWith(TestStack.class)
class MetricCardinalityIT {
    private static final int REQUESTS = 1_000;
    private static final String API = "{job=\"chat4all-api\"}";
    /** The api's raw request histogram and what the recording rules make of it. */
    private static final String AGENT_REQUESTS = "http_server_request_duration_seconds_count{job=\"chat4all-api\",http_request_method=\"GET\"}";
    private static final String RECORDED_REQUESTS = "http_requests_total{job=\"chat4all-api\",method=\"GET\"}";
    /**
     * Two routes with an id in the path, each asking for an id nobody has, and a path no route matches (recorded as
     * path="unmatched").
     */
    private static final List<Function<UUID, String>> SHAPES = List.of(
            id -> "/v1/conversations/" + id + "/messages",
            id -> "/v1/messages/" + id,
            id -> "/v1/no-such-route/" + id);

    private PrometheusApi prometheus;

    @BeforeEach
    void needsTheTelemetryPipeline(LocalStack stack) {
        TestStack.assumeTelemetry(stack);
        prometheus = new PrometheusApi(stack);
    }

    @Test
    void aThousandDistinctIdsInPathsAddNoSeries(ApiClient api) throws Exception {
        User reader = api.newUser("reader");
        List<Integer> expectedStatus = new ArrayList<>();
        for (Function<UUID, String> shape : SHAPES) {
            expectedStatus.add(api.get(shape.apply(UUID.randomUUID()), reader.token()).status());
        }
        awaitScraped(Instant.now());
        Map<String, Integer> before = seriesPerName();
        double requestsBefore = prometheus.sum(AGENT_REQUESTS);

        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            ids.add(UUID.randomUUID());
        }
        try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                String path = SHAPES.get(i % SHAPES.size()).apply(ids.get(i));
                answers.add(clients.submit(() -> api.get(path, reader.token()).status()));
            }
            for (int i = 0; i < REQUESTS; i++) {
                assertEquals(expectedStatus.get(i % SHAPES.size()), answers.get(i).get(),
                        "the same answer as the warm-up request of that shape");
            }
        }
        awaitScraped(Instant.now());

        assertTrue(prometheus.sum(AGENT_REQUESTS) - requestsBefore >= REQUESTS, "every request was recorded");
        Map<String, Integer> after = seriesPerName();
        assertFalse(withRoutes(before).isEmpty(), "the api's request metrics are in Prometheus: " + before.keySet());
        assertEquals(withRoutes(before), withRoutes(after), "series per metric name, before and after");
        for (Map<String, String> series : prometheus.series(API)) {
            for (String value : series.values()) {
                for (UUID id : ids) {
                    assertFalse(value.contains(id.toString()), "an id in a label value: " + series);
                }
            }
        }
    }

    /**
     * Waits until Prometheus scraped the api's request counts exported after {@code since}, and the rules recorded
     * them.
     */
    private void awaitScraped(Instant since) {
        Instant scraped = prometheus.awaitSampleAfter(AGENT_REQUESTS, since.plus(PrometheusApi.EXPORT_DELAY));
        prometheus.awaitSampleAfter(RECORDED_REQUESTS, scraped.plusSeconds(1));
    }


    /** How many series of the api each metric name has (series carry the process's job), by name. */
    private Map<String, Integer> seriesPerName() {
        return prometheus.series(API).stream().collect(Collectors.groupingBy(series -> series.get("__name__"),
                TreeMap::new, Collectors.summingInt(series -> 1)));
    }

    /**
     * The counts of the names a path could reach: the agent's HTTP server instruments and the spec's names recorded
     * from them. (JVM and runtime metrics may gain series on their own, e.g. a new thread state.)
     */
    private static Map<String, Integer> withRoutes(Map<String, Integer> perName) {
        return perName.entrySet().stream()
                .filter(e -> e.getKey().startsWith("http_server_") || e.getKey().startsWith("http_request"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }
}
