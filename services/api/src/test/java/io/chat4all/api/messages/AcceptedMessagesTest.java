package io.chat4all.api.messages;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.chat4all.kit.http.ApiProblem;
import io.chat4all.kit.http.RouteTable;
import io.chat4all.kit.http.ServiceWebServer;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** On a real server with stand-in send handlers: one count per send answered 202, none for a refusal. */
class AcceptedMessagesTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private final SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(metrics).build();
    private WebServer server;

    @BeforeEach
    void start() {
        AcceptedMessages accepted = new AcceptedMessages(meters.get("test"));
        server = ServiceWebServer.build(Config.just(ConfigSources.create(Map.of("host", "127.0.0.1", "port", "0"))),
                rules -> new RouteTable(rules)
                        .post("/accepted", accepted.counting((req, res) -> res.status(Status.ACCEPTED_202).send("{}")))
                        .post("/invalid", accepted.counting((req, res) -> {
                            throw ApiProblem.invalidField("text", "must not be blank");
                        }))
                        .post("/taken", accepted.counting((req, res) -> {
                            throw ApiProblem.conflict("message id already used for another message");
                        }))
                        .post("/kafka-down", accepted.counting((req, res) -> {
                            throw ApiProblem.unavailable("the message could not be queued", Duration.ofSeconds(2));
                        }))
                        .refuseOtherMethods(), List.of()).start();
    }

    @AfterEach
    void stop() {
        server.stop();
        meters.close();
    }

    @Test
    void everySendAnswered202CountsOnceAndRefusalsNotAtAll() throws Exception {
        assertEquals(202, post("/accepted"));
        assertEquals(202, post("/accepted"));
        assertEquals(400, post("/invalid"));
        assertEquals(409, post("/taken"));
        assertEquals(503, post("/kafka-down"));
        assertEquals(202, post("/accepted"));

        // The server counts a send once its 202 is written, so the client may read the answer a moment before.
        MetricData counter = await().atMost(Duration.ofSeconds(5)).until(() -> metrics.collectAllMetrics().stream()
                        .filter(metric -> metric.getName().equals("messages_accepted")).findFirst().orElseThrow(),
                metric -> metric.getLongSumData().getPoints().iterator().next().getValue() >= 3);
        assertEquals("{message}", counter.getUnit());
        assertEquals(List.of(Attributes.empty()),
                counter.getLongSumData().getPoints().stream().map(LongPointData::getAttributes).toList(),
                "one series, without attributes");
        assertEquals(3, counter.getLongSumData().getPoints().iterator().next().getValue());
    }

    @Test
    void nothingIsCountedBeforeASendIsAccepted() throws Exception {
        assertEquals(503, post("/kafka-down"));
        assertEquals(400, post("/invalid"));

        assertEquals(List.of(), metrics.collectAllMetrics().stream()
                .filter(metric -> metric.getName().equals("messages_accepted"))
                .flatMap(metric -> metric.getLongSumData().getPoints().stream()).toList());
    }

    private int post(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
