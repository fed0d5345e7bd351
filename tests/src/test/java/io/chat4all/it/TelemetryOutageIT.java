package io.chat4all.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.chat4all.it.ApiClient.User;
import io.chat4all.stack.LocalStack;
import io.chat4all.stack.TelemetryBackend;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Telemetry is never on the data path: with the Collector, or Jaeger behind it, stopped, every message is still
 * accepted, stored and delivered; once the backend is back, traces (and, through the Collector, metrics) flow again.
 */
@ExtendWith(TestStack.class)
class TelemetryOutageIT {
    private static final int MESSAGES = 50;
    private static final String ACCEPTED = "messages_accepted_total{job=\"chat4all-api\"}";

    private PrometheusApi prometheus;
    private TraceStore traces;

    @BeforeEach
    void needsTheTelemetryPipeline(LocalStack stack) {
        TestStack.assumeTelemetry(stack);
        prometheus = new PrometheusApi(stack);
        traces = new TraceStore(stack);
    }

    @Test
    void messagesFlowWithoutTheCollectorAndTracesAndMetricsFlowAgainWhenItIsBack(LocalStack stack, ApiClient api,
                                                                                  CassandraProbe cassandra) {
        double acceptedBefore = prometheus.sum(ACCEPTED);
        sendAndDeliverWithout(TelemetryBackend.COLLECTOR, stack, api, cassandra);

        awaitNewTrace(api);
        // Counters are cumulative in the agents: the restarted Collector exposes everything, the outage's messages too.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> prometheus.sum(ACCEPTED), accepted -> accepted >= acceptedBefore + MESSAGES + 1);
    }

    @Test
    void messagesFlowWithoutJaegerAndTracesArriveAgainWhenItIsBack(LocalStack stack, ApiClient api,
                                                                   CassandraProbe cassandra) {
        sendAndDeliverWithout(TelemetryBackend.TRACE_STORE, stack, api, cassandra);

        awaitNewTrace(api);
    }

    /**
     * With {@code backend} stopped, {@code MESSAGES} messages to a WhatsApp recipient: each answered 202, stored, and
     * delivered by the provider. The backend is started again whatever happens: the stack is shared.
     */
    private static void sendAndDeliverWithout(TelemetryBackend backend, LocalStack stack, ApiClient api,
                                              CassandraProbe cassandra) {
        stack.stop(backend);
        try {
            sendAndDeliver(api, cassandra);
        } finally {
            stack.start(backend);
        }
    }

    private static void sendAndDeliver(ApiClient api, CassandraProbe cassandra) {
        User alice = api.newUser("alice");
        User bob = api.newUser("bob");
        IdentitiesIT.link(api, bob, "whatsapp", IdentitiesIT.freshNumber());
        UUID conversation = api.privateConversation(alice, bob);
        List<UUID> sent = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            ApiClient.Response answer = api.send(alice, conversation, "while telemetry is down " + i);
            assertEquals(202, answer.status(), "message " + i + ": " + answer);
            sent.add(UUID.fromString(answer.json().path("message_id").asText()));
        }
        for (UUID message : sent) {
            await().atMost(Duration.ofSeconds(60)).until(() -> cassandra.lookup(message) != null);
            TracedDelivery.awaitDelivered(api, alice, message, bob);
        }
    }

    /** A message sent after the restart is traced end to end in Jaeger: export works again. */
    private void awaitNewTrace(ApiClient api) {
        TracedDelivery delivery = TracedDelivery.send(api, "after the telemetry outage");
        delivery.awaitDelivered(api);
        traces.awaitTrace(delivery.traceId(), Duration.ofSeconds(90), trace -> assertTrue(
                trace.services().containsAll(List.of(Spans.API, Spans.ROUTER, Spans.CONNECTOR_WHATSAPP)),
                "spans of every service after the restart: " + trace.services()));
    }

}
