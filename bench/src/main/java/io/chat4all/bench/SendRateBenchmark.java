package io.chat4all.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chat4all.bench.FixedRateSender.Phase;

import static io.chat4all.bench.FixedRateSender.millis;
import static io.chat4all.bench.FixedRateSender.percentile;
import static io.chat4all.bench.FixedRateSender.round;

/**
 * Sends N messages at a fixed arrival rate (open model) and measures the api's acceptance latency and the time until
 * every accepted message is readable from history. A warm-up phase at the same rate (not measured) lets the JVMs'
 * JIT compilers settle first.
 *
 * <p>Latency is measured from each message's <em>scheduled</em> send time, so a stalled server cannot hide its
 * stall by slowing the generator down (no coordinated omission). Generator and system share the machine: compare
 * runs made on the same machine, and read absolute figures with that in mind; the generator's own CPU time is
 * reported beside the results for that reason.
 *
 * <p>Every exchange is bounded by {@link #REQUEST_TIMEOUT}, response body included ({@link BoundedHttp}), so an api
 * that stops answering ends the run with its sends counted as {@code timeout} instead of hanging it.
 */
public final class SendRateBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /**
     * Well beyond the api's own bound on a send (it answers 503 when Kafka does not acknowledge in time): a send
     * that takes longer got no answer at all.
     */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final int messages;
    private final int rate;
    private final int conversations;
    private final int warmup;
    private final int connections;
    private final ApiSession session;

    private SendRateBenchmark(URI api, int messages, int rate, int conversations, int warmup, int connections) {
        this.connections = connections;
        this.session = new ApiSession(api, REQUEST_TIMEOUT, connections);
        this.warmup = warmup;
        this.messages = messages;
        this.rate = rate;
        this.conversations = conversations;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args,
                java.util.Set.of("api", "messages", "rate", "conversations", "warmup", "out", "connections"));
        var benchmark = new SendRateBenchmark(
                URI.create(options.getOrDefault("api", "http://127.0.0.1:8080")),
                Integer.parseInt(options.getOrDefault("messages", "10000")),
                Integer.parseInt(options.getOrDefault("rate", "500")),
                Integer.parseInt(options.getOrDefault("conversations", "20")),
                Integer.parseInt(options.getOrDefault("warmup", "10000")),
                Integer.parseInt(options.getOrDefault("connections",
                        Integer.toString(ApiSession.DEFAULT_CONNECTIONS))));
        Path out = Path.of(options.getOrDefault("out", "bench-results"));
        Map<String, Object> result = benchmark.run();
        Files.createDirectories(out);
        Path file = out.resolve("send-rate-" + Instant.now().toString().replace(':', '-') + ".json");
        JSON.writeValue(file.toFile(), result);
        System.out.println("written to " + file);
    }

    private Map<String, Object> run() throws Exception {
        ApiSession.Audience audience = session.newAudience("bench", conversations);
        String sender = audience.sender().id();
        String senderToken = audience.sender().token();
        List<UUID> conversationIds = audience.conversations();
        List<String> readerTokens = audience.readerTokens();
        AtomicInteger[] acceptedPerConversation = new AtomicInteger[conversations];
        for (int c = 0; c < conversations; c++) {
            acceptedPerConversation[c] = new AtomicInteger();
        }
        if (warmup > 0) {
            System.out.printf("warm-up: %,d messages at %,d msg/s (not measured)%n", warmup, rate);
            sendAtFixedRate(warmup, senderToken, conversationIds, acceptedPerConversation);
        }
        System.out.printf("sender %s, %d conversations; sending %,d messages at %,d msg/s%n",
                sender, conversations, messages, rate);
        Phase measured = sendAtFixedRate(messages, senderToken, conversationIds, acceptedPerConversation);
        long storedAt = session.awaitAllStored(conversationIds, readerTokens, acceptedPerConversation,
                Duration.ofMinutes(5));
        return report(measured, storedAt);
    }

    private Phase sendAtFixedRate(int count, String senderToken, List<UUID> conversationIds,
                                  AtomicInteger[] acceptedPerConversation) {
        return FixedRateSender.run(count, rate, connections, index -> {
            int conversation = index % conversationIds.size();
            String outcome = session.sendMessage(senderToken, conversationIds.get(conversation), "benchmark message " + index);
            if (outcome.equals(FixedRateSender.ACCEPTED)) {
                acceptedPerConversation[conversation].incrementAndGet();
            }
            return outcome;
        });
    }

    private Map<String, Object> report(Phase phase, long storedAt) {
        long[] sorted = phase.latencyNanos().clone();
        java.util.Arrays.sort(sorted);
        long start = phase.start();
        long sendEnd = phase.end();
        int accepted = phase.accepted();
        double sendSeconds = (sendEnd - start) / 1e9;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("messages", messages);
        result.put("target_rate_per_s", rate);
        result.put("conversations", conversations);
        result.put("connections", connections);
        result.put("accepted", accepted);
        result.put("warmup_messages", warmup);
        result.put("statuses", phase.outcomes().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(),
                        (a, b) -> a, java.util.TreeMap::new)));
        result.put("timeouts", phase.outcomes().getOrDefault(ApiSession.TIMEOUT, new AtomicInteger()).get());
        result.put("send_seconds", round(sendSeconds));
        result.put("accepted_per_s", round(accepted / sendSeconds));
        result.put("latency_ms_p50", millis(percentile(sorted, 50)));
        result.put("latency_ms_p95", millis(percentile(sorted, 95)));
        result.put("latency_ms_p99", millis(percentile(sorted, 99)));
        result.put("latency_ms_max", millis(sorted[sorted.length - 1]));
        result.put("all_stored", storedAt > 0);
        result.put("seconds_until_all_stored", storedAt > 0 ? round((storedAt - start) / 1e9) : null);
        result.put("seconds_stored_after_last_accept", storedAt > 0 ? round((storedAt - sendEnd) / 1e9) : null);
        result.put("cpus", Runtime.getRuntime().availableProcessors());
        // The generator competes with the system for the same cores: how much of them it took while sending.
        double generatorCpuSeconds = phase.generatorCpu().toNanos() / 1e9;
        result.put("generator_cpu_seconds", round(generatorCpuSeconds));
        result.put("generator_cpu_cores_used", round(generatorCpuSeconds / sendSeconds));
        result.put("finished_at", Instant.now().toString());
        result.forEach((key, value) -> System.out.printf("%-34s %s%n", key, value));
        return result;
    }
}
