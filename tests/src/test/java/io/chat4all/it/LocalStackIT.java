package io.chat4all.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.chat4all.contracts.Topics;
import io.chat4all.stack.LocalStack;
import io.chat4all.stack.ServiceSpec;
import io.chat4all.stack.Services;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher (Java 17, so it cannot use the services' code) creates the topics and tables the services use,
 * starts every process so that running out of memory ends it visibly, and keeps every line the services log.
 */
@ExtendWith(TestStack.class)
class LocalStackIT {
    private static final int BURST = 500;
    private static final Duration BURST_DEADLINE = Duration.ofMinutes(2);

    @Test
    void topicsAreTheOnesTheServicesUse(KafkaProbe kafka) {
        assertEquals(6, kafka.endOffsets(Topics.MESSAGES.name()).size(), "messages: 6 partitions, the unit of router scaling");
        assertEquals(1, kafka.endOffsets(Topics.MESSAGES_DLQ.name()).size());
    }

    @Test
    void schemaHasEveryTable(CassandraProbe cassandra) {
        Set<String> tables = cassandra.session()
                .execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'chat4all'")
                .all().stream().map(row -> row.getString("table_name")).collect(Collectors.toSet());
        assertEquals(Set.of("users", "users_by_id", "conversations", "conversation_members", "user_conversations",
                "private_conversations", "messages", "messages_by_id", "accepted_messages", "identities", "identities_by_user",
                "message_status_history", "files"), tables);
    }

    /** A JVM whose threads die of OutOfMemoryError one by one keeps running without answering; it must exit. */
    @Test
    void everyProcessExitsOnOutOfMemoryError(LocalStack stack) throws IOException {
        for (String process : List.of("kafka", "cassandra", "api", "router")) {
            List<String> arguments = ProcessHandle.of(pid(stack, process)).orElseThrow().info().arguments()
                    .map(List::of).orElseThrow();
            assertTrue(arguments.contains("-XX:+ExitOnOutOfMemoryError"), process + " runs with " + arguments);
        }
    }

    /** The load benchmark reports the collector pauses of Cassandra and of every service from these files. */
    @Test
    void cassandraAndEveryServiceLogTheirCollections(LocalStack stack) throws IOException {
        List<String> processes = stack.gcLoggingProcesses();
        assertTrue(processes.contains("cassandra") && processes.containsAll(
                Services.ALL.stream().map(ServiceSpec::instance).toList()), processes.toString());
        for (String process : processes) {
            Path log = stack.gcLogFile(process);
            // -Xlog:gc's first line names the collector.
            assertTrue(Files.readString(log).contains("Using G1"), process + ": " + log);
        }
    }

    /** The endpoint the launcher's watchdog checks in `./chat4all up`: a 404 there would stop the stack. */
    @Test
    void servicesAnswerTheLivenessCheckTheWatchdogUses(LocalStack stack) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (ServiceSpec service : Services.ALL) {
            HttpRequest request = HttpRequest.newBuilder(service.livenessUri(stack.config().host(),
                    stack.config().ports())).timeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), service + ": " + response.body());
            assertEquals("UP", ApiClient.JSON.readTree(response.body()).path("status").asText(), response.body());
        }
    }

    /**
     * Logging never drops a line to keep up: a burst of sends leaves one "message accepted" line per 202. The api
     * sheds what its adaptive send limit will not take (503 with Retry-After), and how much depends on how busy the
     * machine is; each sender retries as a client should, so the whole burst ends up accepted and checked.
     */
    @Test
    void everyAcceptedMessageOfABurstIsInTheApiLog(LocalStack stack, ApiClient api) throws Exception {
        ApiClient.User alice = api.newUser("alice");
        UUID conversation = api.privateConversation(alice, api.newUser("bob"));
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        Instant giveUp = Instant.now().plus(BURST_DEADLINE);
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < BURST; i++) {
                String text = "burst " + i;
                senders.submit(() -> {
                    ApiClient.Response response = api.send(alice, conversation, text);
                    while (response.status() == 503 && Instant.now().isBefore(giveUp)) {
                        Thread.sleep(retryDelay(response));
                        response = api.send(alice, conversation, text);
                    }
                    if (response.status() == 202) {
                        accepted.add(response.json().path("message_id").asText());
                    }
                    return null;
                });
            }
        }
        assertEquals(BURST, accepted.size(), "sends accepted within " + BURST_DEADLINE);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Set<String> logged = acceptedMessageIds(stack.logFile("api"));
            assertEquals(Set.of(), accepted.stream().filter(id -> !logged.contains(id)).collect(Collectors.toSet()),
                    "accepted but not logged");
        });
    }

    /** What the 503 asked for, plus up to a second of jitter so the shed senders do not all come back at once. */
    private static long retryDelay(ApiClient.Response shed) {
        long retryAfterSeconds = Long.parseLong(shed.headers().firstValue("Retry-After").orElseThrow());
        return TimeUnit.SECONDS.toMillis(retryAfterSeconds) + ThreadLocalRandom.current().nextLong(1_000);
    }

    private static Set<String> acceptedMessageIds(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.startsWith("{") && line.contains("\"message accepted\""))
                    .map(line -> {
                        try {
                            return ApiClient.JSON.readTree(line).path("message_id").asText();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .collect(Collectors.toSet());
        }
    }

    private static long pid(LocalStack stack, String process) throws IOException {
        Path pidFile = stack.config().home().resolve("run").resolve(process + ".pid");
        return Long.parseLong(Files.readString(pidFile).strip());
    }
}
