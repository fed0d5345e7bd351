package io.chat4all.it;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import io.chat4all.contracts.Topics;
import io.chat4all.it.Trace.Span;
import io.chat4all.stack.LocalStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.chat4all.it.Spans.API;
import static io.chat4all.it.Spans.CONNECTOR_WHATSAPP;
import static io.chat4all.it.Spans.PROVIDER_SIM;
import static io.chat4all.it.Spans.ROUTER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One message is one trace in Jaeger, under the client's own trace id: the api, the router, the WhatsApp connector and
 * the provider simulator each add spans to it, and every hop across Kafka and HTTP is a parent-child link (the
 * receiving side's span is a CHILD_OF the sending side's), not a new trace.
 */
@ExtendWith(TestStack.class)
class DistributedTraceIT {
    private static final Duration TRACE_COMPLETE = Duration.ofSeconds(60);
    private static final String OUTBOUND_WHATSAPP = "outbound.whatsapp";

    private TraceStore traces;

    @BeforeEach
    void needsTheTelemetryPipeline(LocalStack stack) {
        TestStack.assumeTelemetry(stack);
        traces = new TraceStore(stack);
    }

    @Test
    void aMessageToWhatsAppIsOneTraceFromTheApiThroughKafkaToTheProvider(ApiClient api) {
        TracedDelivery delivery = TracedDelivery.send(api, "follow me");
        delivery.awaitDelivered(api);

        Trace trace = traces.awaitTrace(delivery.traceId(), TRACE_COMPLETE, t -> {
            assertTrue(t.services().containsAll(List.of(API, ROUTER, CONNECTOR_WHATSAPP, PROVIDER_SIM)),
                    "spans from every service: " + t.services());
            t.spans().forEach(span -> assertEquals(delivery.traceId(), span.traceId(), "one trace id: " + span));

            Span apiProduce = one(t, Spans.producing(API, Topics.MESSAGES.name()), "the api's send to messages");
            Span routerProcess = one(t, Spans.processing(ROUTER, Topics.MESSAGES.name()), "the router's processing");
            assertParent(t, apiProduce, routerProcess);

            Span routerProduce = one(t, Spans.producing(ROUTER, OUTBOUND_WHATSAPP), "the router's send to " + OUTBOUND_WHATSAPP);
            assertTrue(t.descendsFrom(routerProduce, routerProcess),
                    "the fan-out happens while the record is processed: " + t.describe());
            Span connectorProcess = one(t, Spans.processing(CONNECTOR_WHATSAPP, OUTBOUND_WHATSAPP),
                    "the connector's processing");
            assertParent(t, routerProduce, connectorProcess);

            List<Span> providerServes = t.spans(Spans.serving(PROVIDER_SIM, "/v1/whatsapp/messages"));
            assertFalse(providerServes.isEmpty(), "the provider's server span for the send: " + t.describe());
            for (Span serve : providerServes) {
                Span call = t.parent(serve).orElseThrow(() -> new AssertionError("no parent of " + serve + t.describe()));
                assertTrue(Spans.calling(CONNECTOR_WHATSAPP).test(call), "the connector's HTTP call is the parent of "
                        + serve + ", not " + call + t.describe());
                assertTrue(t.descendsFrom(call, connectorProcess), "the call is made while processing: " + t.describe());
            }
        });
        assertEquals(delivery.traceId(), trace.traceId());
    }

    /**
     * The way back: the provider's signed receipt webhook, the connector's webhook handling and its status event, the
     * router's processing of that event and its Cassandra write all continue the message's trace.
     */
    @Test
    void theProvidersReceiptContinuesTheMessagesTraceIntoTheStatusWrite(ApiClient api) {
        TracedDelivery delivery = TracedDelivery.send(api, "receipts follow me");
        delivery.awaitDelivered(api);

        traces.awaitTrace(delivery.traceId(), TRACE_COMPLETE, t -> {
            List<Span> webhooks = t.spans(Spans.serving(CONNECTOR_WHATSAPP, "/webhooks/whatsapp")).stream()
                    .filter(serve -> t.parent(serve).filter(Spans.calling(PROVIDER_SIM)).isPresent()).toList();
            assertFalse(webhooks.isEmpty(), "the connector's webhook span, a child of the provider's call: " + t.describe());

            List<Span> statusSends = t.spans(Spans.producing(CONNECTOR_WHATSAPP, Topics.STATUS.name())).stream()
                    .filter(send -> webhooks.stream().anyMatch(webhook -> t.descendsFrom(send, webhook))).toList();
            assertFalse(statusSends.isEmpty(), "the status event is sent while the webhook is handled: " + t.describe());

            List<Span> statusProcessing = t.spans(Spans.processing(ROUTER, Topics.STATUS.name())).stream()
                    .filter(process -> t.parent(process).filter(statusSends::contains).isPresent()).toList();
            assertFalse(statusProcessing.isEmpty(),
                    "the router's processing of the status event, a child of its send: " + t.describe());

            List<Span> writes = t.spans(Spans.cassandraWrite(ROUTER)).stream()
                    .filter(write -> statusProcessing.stream().anyMatch(process -> t.descendsFrom(write, process))).toList();
            assertFalse(writes.isEmpty(), "the status is written to Cassandra under that processing: " + t.describe());
        });
    }

    private static Span one(Trace trace, Predicate<Span> matching, String what) {
        List<Span> found = trace.spans(matching);
        assertEquals(1, found.size(), what + ": " + trace.describe());
        return found.get(0);
    }

    private static void assertParent(Trace trace, Span parent, Span child) {
        assertEquals(parent.spanId(), child.parentId(), child + " is a CHILD_OF " + parent + trace.describe());
    }
}
