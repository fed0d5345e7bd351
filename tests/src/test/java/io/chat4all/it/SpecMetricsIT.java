package io.chat4all.it;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.chat4all.contracts.Channel;
import io.chat4all.it.ApiClient.User;
import io.chat4all.it.PrometheusApi.Sample;
import io.chat4all.stack.LocalStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.chat4all.it.ApiClient.require;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The specification's metrics are in Prometheus under their names and labels (docs/metrics.md), from the real
 * services through the Collector: the api's, the router's and the connectors'. {@code kafka_consumer_lag} follows a
 * real backlog: it rises while the WhatsApp connector holds its messages through a provider outage, and returns to 0
 * once they are sent.
 */
@ExtendWith(TestStack.class)
class SpecMetricsIT {
    private static final String API = "job=\"chat4all-api\"";
    private static final String ROUTER = "job=\"chat4all-router\"";
    private static final String CONNECTOR = "job=\"chat4all-connector-whatsapp\"";
    private static final String OUTBOUND_LAG = "kafka_consumer_lag{" + CONNECTOR + ",topic=\"outbound.whatsapp\"}";
    /** The agent's series that prometheus/rules/spec-metrics.yml derives spec names from, as the rules name them. */
    private static final List<String> RULE_INPUTS = List.of(
            "http_server_request_duration_seconds_bucket", "http_server_request_duration_seconds_sum",
            "http_server_request_duration_seconds_count", "http_client_request_duration_seconds_bucket",
            "http_client_request_duration_seconds_sum", "http_client_request_duration_seconds_count");
    private static final String BREAKER = "circuit_breaker_state{" + CONNECTOR + ",channel=\"whatsapp\"}";

    private PrometheusApi prometheus;
    private ProviderSim sim;

    @BeforeEach
    void needsTheTelemetryPipeline(LocalStack stack) {
        TestStack.assumeTelemetry(stack);
        prometheus = new PrometheusApi(stack);
    }

    @AfterEach
    void providerSettingsAreResetForTheNextTest() {
        if (sim != null) {
            sim.reset();
        }
    }

    @Test
    void everySpecMetricIsInPrometheusWithItsLabels(ApiClient api) {
        TracedDelivery.send(api, "count me").awaitDelivered(api);
        Instant scraped = prometheus.awaitSampleAfter("messages_sent_total{" + CONNECTOR + "}",
                Instant.now().plus(PrometheusApi.EXPORT_DELAY));
        // Each rule group evaluates on its own schedule: wait for both to have run on that scrape.
        prometheus.awaitSampleAfter("connector_api_duration_seconds_count", scraped.plusSeconds(1));
        prometheus.awaitSampleAfter("http_requests_total", scraped.plusSeconds(1));
        List<String> names = prometheus.metricNames();
        for (String input : RULE_INPUTS) {
            assertTrue(names.contains(input), "the rules read " + input + ", which Prometheus does not have: " + names);
        }

        // api
        positive("http_requests_total{" + API + ",method=\"POST\",path=\"/v1/messages\",status=\"202\"}");
        histogram("http_request_duration_seconds", API + ",method=\"POST\",path=\"/v1/messages\"");
        positive("messages_accepted_total{" + API + "}");
        histogram("kafka_publish_duration_seconds", API + ",topic=\"messages\",outcome=\"acked\"");
        // router
        withLabels("messages_consumed_total{" + ROUTER + ",topic=\"messages\"}", "partition", "group");
        positive("messages_consumed_total{" + ROUTER + ",topic=\"messages\"}");
        positive("messages_processed_total{" + ROUTER + ",status=\"handled\"}");
        withLabels("kafka_consumer_lag{" + ROUTER + ",topic=\"messages\"}", "partition", "group");
        histogram("processing_duration_seconds", ROUTER + ",status=\"handled\"");
        // connectors
        positive("messages_sent_total{" + CONNECTOR + ",channel=\"whatsapp\",status=\"accepted\"}");
        histogram("connector_api_duration_seconds", CONNECTOR + ",channel=\"whatsapp\"");
        List<Sample> breaker = withLabels(BREAKER);
        assertEquals(0, breaker.get(0).value(), "the breaker is closed: " + breaker);
    }

    @Test
    void consumerLagRisesWhileTheConnectorHoldsABacklogAndReturnsToZeroWhenItIsSent(ApiClient api, ProviderSim sim) {
        this.sim = sim;
        User alice = api.newUser("alice");
        User bob = api.newUser("bob");
        IdentitiesIT.link(api, bob, "whatsapp", IdentitiesIT.freshNumber());
        UUID conversation = api.privateConversation(alice, bob);

        List<UUID> backlog = new ArrayList<>();
        sim.faults(Channel.WHATSAPP, Map.of("outage", "unavailable"));
        try {
            for (int i = 0; i < 5; i++) {
                backlog.add(UUID.fromString(require(api.send(alice, conversation, "held " + i), 202)
                        .json().path("message_id").asText()));
            }
            double lag = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> prometheus.max(OUTBOUND_LAG), value -> value > 0);
            assertTrue(lag <= backlog.size(), "no more lag than messages held: " + lag);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> prometheus.max(BREAKER), state -> state == 1);
        } finally {
            sim.reset();
        }

        for (UUID message : backlog) {
            TracedDelivery.awaitDelivered(api, alice, message, bob);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> prometheus.max(OUTBOUND_LAG) == 0 && prometheus.max(BREAKER) == 0);
    }

    /** The series of a selector, each carrying the given labels (the spec's labels of that metric). */
    private List<Sample> withLabels(String selector, String... labels) {
        List<Sample> samples = prometheus.query(selector);
        assertFalse(samples.isEmpty(), "no series " + selector);
        for (Sample sample : samples) {
            for (String label : labels) {
                assertTrue(sample.labels().containsKey(label), "no label " + label + " on " + sample);
            }
        }
        return samples;
    }

    /** A counter (summed over its series) that counted the traffic. */
    private void positive(String selector) {
        withLabels(selector);
        assertTrue(prometheus.sum(selector) > 0, "nothing counted in " + selector);
    }

    /** A classic histogram: buckets up to +Inf, and a count and a sum that saw the traffic. */
    private void histogram(String name, String matchers) {
        List<Sample> buckets = withLabels(name + "_bucket{" + matchers + "}", "le");
        assertTrue(buckets.stream().anyMatch(bucket -> "+Inf".equals(bucket.labels().get("le"))), "a +Inf bucket: " + buckets);
        assertTrue(prometheus.sum(name + "_count{" + matchers + "}") > 0, name + "_count counted nothing");
        assertTrue(prometheus.sum(name + "_sum{" + matchers + "}") > 0, name + "_sum is 0");
    }


}
