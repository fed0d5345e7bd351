package io.chat4all.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chat4all.bench.FixedRateSender.Phase;

import static io.chat4all.bench.FixedRateSender.millis;
import static io.chat4all.bench.FixedRateSender.percentile;
import static io.chat4all.bench.FixedRateSender.round;

/**
 * Delivery through one connector: messages to WhatsApp-linked recipients are sent at a fixed arrival rate, provider-sim
 * answers every send after a fixed latency and reports delivery at once, and the benchmark measures how fast messages
 * reach DELIVERED and how long each took.
 *
 * <p>Latency accept→DELIVERED comes from each message's own status history (the api's accept time and the time the
 * connector received the provider's receipt, both clocks of this machine), so polling adds nothing to it. Throughput
 * is the delivered messages over the span from the first accept to the last delivery. One connector keeps each
 * conversation in order, so it has at most one call per conversation in flight: with latency L, C conversations
 * cap it at C / L.
 */
public final class DeliveryBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final String CHANNEL = "whatsapp";

    private final ApiSession session;
    private final URI provider;
    private final int messages;
    private final int rate;
    private final int conversations;
    private final int latencyMillis;
    private final int warmup;

    private DeliveryBenchmark(URI api, URI provider, int messages, int rate, int conversations, int latencyMillis,
                              int warmup) {
        this.session = new ApiSession(api, REQUEST_TIMEOUT);
        this.provider = provider;
        this.messages = messages;
        this.rate = rate;
        this.conversations = conversations;
        this.latencyMillis = latencyMillis;
        this.warmup = warmup;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args, Set.of("api", "provider", "messages", "rate",
                "conversations", "provider-latency-ms", "warmup", "out"));
        var benchmark = new DeliveryBenchmark(
                URI.create(options.getOrDefault("api", "http://127.0.0.1:8080")),
                URI.create(options.getOrDefault("provider", "http://127.0.0.1:8090")),
                Integer.parseInt(options.getOrDefault("messages", "10000")),
                Integer.parseInt(options.getOrDefault("rate", "500")),
                Integer.parseInt(options.getOrDefault("conversations", "100")),
                Integer.parseInt(options.getOrDefault("provider-latency-ms", "50")),
                Integer.parseInt(options.getOrDefault("warmup", "5000")));
        Path out = Path.of(options.getOrDefault("out", "bench-results"));
        Map<String, Object> result = benchmark.run();
        Files.createDirectories(out);
        Path file = out.resolve("delivery-" + Instant.now().toString().replace(':', '-') + ".json");
        JSON.writeValue(file.toFile(), result);
        System.out.println("written to " + file);
    }

    private Map<String, Object> run() throws Exception {
        ApiSession.Audience audience = session.newAudience("bench-wa", conversations, true);
        ApiSession.User sender = audience.sender();
        List<UUID> conversationIds = audience.conversations();
        SimulatedProvider provider = new SimulatedProvider(session, this.provider, CHANNEL);
        provider.deliverAtOnce(latencyMillis);
        try {
            if (warmup > 0) {
                System.out.printf("warm-up: %,d messages at %,d msg/s (not measured)%n", warmup, rate);
                List<String> warm = send(warmup, sender, conversationIds).ids();
                awaitDelivered(warm, sender.token(), Duration.ofMinutes(5));
            }
            System.out.printf("%d conversations to WhatsApp recipients, provider latency %d ms; sending %,d messages"
                    + " at %,d msg/s%n", conversations, latencyMillis, messages, rate);
            Sent sent = send(messages, sender, conversationIds);
            Map<String, Delivery> delivered = awaitDelivered(sent.ids(), sender.token(), Duration.ofMinutes(10));
            return report(sent, delivered);
        } finally {
            provider.reset();
        }
    }

    private record Sent(Phase phase, Map<Integer, String> idsByIndex) {
        List<String> ids() {
            return List.copyOf(idsByIndex.values());
        }
    }

    private Sent send(int count, ApiSession.User sender, List<UUID> conversationIds) {
        Map<Integer, String> ids = new ConcurrentHashMap<>();
        Phase phase = FixedRateSender.run(count, rate, ApiSession.DEFAULT_CONNECTIONS, index -> {
            UUID conversation = conversationIds.get(index % conversationIds.size());
            ApiSession.Sent sent = session.send(sender.token(), conversation, "delivery benchmark " + index);
            sent.messageId().ifPresent(id -> ids.put(index, id.toString()));
            return sent.outcome();
        });
        return new Sent(phase, ids);
    }

    /** When a message was accepted and when its recipient's status became DELIVERED, by the status history. */
    private record Delivery(Instant accepted, Instant delivered) {
    }

    /** Reads each message's status until it is DELIVERED (or past); returns those that got there in time. */
    private Map<String, Delivery> awaitDelivered(List<String> ids, String token, Duration timeout) throws Exception {
        Map<String, Delivery> delivered = new HashMap<>();
        List<String> pending = new ArrayList<>(ids);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            List<String> still = new ArrayList<>();
            for (String id : pending) {
                session.getIfFound("/v1/messages/" + id, token).flatMap(DeliveryBenchmark::deliveryOf).ifPresentOrElse(
                        delivery -> delivered.put(id, delivery), () -> still.add(id));
            }
            pending = still;
            if (!pending.isEmpty()) {
                Thread.sleep(200); // polling an external system: there is no event to wait on
            }
        }
        if (!pending.isEmpty()) {
            System.out.printf("%,d messages not DELIVERED within %s%n", pending.size(), timeout);
        }
        return delivered;
    }

    private static Optional<Delivery> deliveryOf(JsonNode status) {
        JsonNode recipient = status.path("recipients").path(0);
        Instant accepted = null;
        Instant delivered = null;
        for (JsonNode entry : recipient.path("history")) {
            switch (entry.path("status").asText()) {
                case "ACCEPTED" -> accepted = Instant.parse(entry.path("at").asText());
                case "DELIVERED" -> delivered = Instant.parse(entry.path("at").asText());
                default -> { }
            }
        }
        return accepted != null && delivered != null ? Optional.of(new Delivery(accepted, delivered))
                : Optional.empty();
    }

    private Map<String, Object> report(Sent sent, Map<String, Delivery> delivered) {
        Phase phase = sent.phase();
        long[] acceptNanos = phase.latencyNanos().clone();
        Arrays.sort(acceptNanos);
        long[] toDelivered = delivered.values().stream()
                .mapToLong(d -> Duration.between(d.accepted(), d.delivered()).toNanos()).sorted().toArray();
        Instant firstAccepted = delivered.values().stream().map(Delivery::accepted).min(Instant::compareTo)
                .orElse(Instant.EPOCH);
        Instant lastDelivered = delivered.values().stream().map(Delivery::delivered).max(Instant::compareTo)
                .orElse(Instant.EPOCH);
        double deliverySeconds = Duration.between(firstAccepted, lastDelivered).toNanos() / 1e9;

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("messages", messages);
        result.put("target_rate_per_s", rate);
        result.put("conversations", conversations);
        result.put("provider_latency_ms", latencyMillis);
        result.put("warmup_messages", warmup);
        result.put("statuses", phase.outcomes().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().get(), (a, b) -> a, TreeMap::new)));
        result.put("accepted", phase.accepted());
        result.put("accepted_per_s", round(phase.accepted() / phase.seconds()));
        result.put("accept_latency_ms_p50", millis(percentile(acceptNanos, 50)));
        result.put("accept_latency_ms_p99", millis(percentile(acceptNanos, 99)));
        result.put("delivered", delivered.size());
        result.put("delivered_per_s", round(delivered.size() / Math.max(deliverySeconds, 1e-9)));
        result.put("accept_to_delivered_ms_p50", toDelivered.length == 0 ? null : millis(percentile(toDelivered, 50)));
        result.put("accept_to_delivered_ms_p95", toDelivered.length == 0 ? null : millis(percentile(toDelivered, 95)));
        result.put("accept_to_delivered_ms_p99", toDelivered.length == 0 ? null : millis(percentile(toDelivered, 99)));
        result.put("accept_to_delivered_ms_max",
                toDelivered.length == 0 ? null : millis(toDelivered[toDelivered.length - 1]));
        result.put("cpus", Runtime.getRuntime().availableProcessors());
        double generatorCpuSeconds = phase.generatorCpu().toNanos() / 1e9;
        result.put("generator_cpu_seconds", round(generatorCpuSeconds));
        result.put("generator_cpu_cores_used", round(generatorCpuSeconds / phase.seconds()));
        result.put("finished_at", Instant.now().toString());
        result.forEach((key, value) -> System.out.printf("%-34s %s%n", key, value));
        return result;
    }
}
