package io.chat4all.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chat4all.bench.FixedRateSender.Phase;
import io.chat4all.stack.LocalStack;
import io.chat4all.stack.ServiceSpec;
import io.chat4all.stack.Services;
import io.chat4all.stack.StackConfig;
import io.chat4all.stack.StackProgress;
import io.chat4all.stack.TelemetryMode;

import static io.chat4all.bench.FixedRateSender.millis;
import static io.chat4all.bench.FixedRateSender.percentile;
import static io.chat4all.bench.FixedRateSender.round;

/**
 * What telemetry costs: one stack of its own (free ports, its own home), whose services are restarted in turn
 * <em>without</em> the OpenTelemetry agent, with it exporting nothing, and with it exporting traces, metrics and logs
 * through the local pipeline (Collector, Jaeger, Prometheus, running in every mode), alternating over several rounds
 * so drift on the machine hits all alike. Each phase:
 * <ol>
 *   <li>a warm-up at the fixed rate, right after the services started: reported as the fresh figures;</li>
 *   <li>a fixed arrival rate below saturation: the CPU time every process of the stack used (services, Kafka,
 *       Cassandra, the telemetry backends) per stored message, from the first send until all are readable;</li>
 *   <li>a fixed arrival rate above what the stack can take: how many messages per second the api accepted (max
 *       throughput) and the latency of its answers.</li>
 * </ol>
 * It prints each phase and the ratios agent/no agent (median over the rounds), and writes them to a JSON file.
 * The generator shares the cores with the stack; its own CPU is reported per phase.
 */
public final class TelemetryOverheadBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int CONVERSATIONS = 20;

    /** How the services run in one phase. */
    enum Mode {
        NO_AGENT("no agent"),
        /** The agent instruments everything but exports nothing: splits the agent's own cost from the export's. */
        AGENT_EXPORTING_NOTHING("agent, exporting nothing"),
        AGENT_AND_PIPELINE("agent + pipeline");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    private final LocalStack stack;
    private final int rate;
    private final int seconds;
    private final int warmupSeconds;
    private final int saturationRate;
    private final int saturationSeconds;

    private TelemetryOverheadBenchmark(LocalStack stack, Map<String, String> options) {
        this.stack = stack;
        this.rate = Integer.parseInt(options.getOrDefault("rate", "200"));
        this.seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
        this.warmupSeconds = Integer.parseInt(options.getOrDefault("warmup-seconds", "15"));
        this.saturationRate = Integer.parseInt(options.getOrDefault("saturation-rate", "1500"));
        this.saturationSeconds = Integer.parseInt(options.getOrDefault("saturation-seconds", "10"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args, java.util.Set.of("root", "out", "rounds", "rate", "seconds",
                "warmup-seconds", "saturation-rate", "saturation-seconds"));
        Path root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
        Path out = Path.of(options.getOrDefault("out", "bench-results"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "2"));
        Path home = Files.createTempDirectory("chat4all-overhead-");
        StackConfig config = StackConfig.forTests(root, home).withTelemetryMode(TelemetryMode.REQUIRED);
        System.out.println("a stack of its own in " + home + " (free ports; the pipeline runs in every phase)");
        try (LocalStack stack = new LocalStack(config, StackProgress.console(config.services()))) {
            stack.startTelemetry();
            stack.startInfrastructure();
            Map<String, Object> result = new TelemetryOverheadBenchmark(stack, options).run(rounds);
            Files.createDirectories(out);
            Path file = out.resolve("telemetry-overhead-" + Instant.now().toString().replace(':', '-') + ".json");
            JSON.writeValue(file.toFile(), result);
            System.out.println("written to " + file);
        }
    }

    private Map<String, Object> run(int rounds) throws Exception {
        Map<Mode, List<Map<String, Object>>> phases = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (Mode mode : Mode.values()) {
                System.out.printf("%nround %d of %d: %s%n", round, rounds, mode.label);
                Map<String, Object> phase = phase(mode);
                phase.put("round", round);
                phases.computeIfAbsent(mode, m -> new ArrayList<>()).add(phase);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rate_per_s", rate);
        result.put("seconds", seconds);
        result.put("warmup_seconds", warmupSeconds);
        result.put("saturation_rate_per_s", saturationRate);
        result.put("saturation_seconds", saturationSeconds);
        result.put("cpus", Runtime.getRuntime().availableProcessors());
        double cpuRatio = median(phases, Mode.AGENT_AND_PIPELINE, "cpu_ms_per_message")
                / median(phases, Mode.NO_AGENT, "cpu_ms_per_message");
        double freshCpuRatio = median(phases, Mode.AGENT_AND_PIPELINE, "fresh_cpu_ms_per_message")
                / median(phases, Mode.NO_AGENT, "fresh_cpu_ms_per_message");
        double throughputRatio = median(phases, Mode.AGENT_AND_PIPELINE, "saturated_accepted_per_s")
                / median(phases, Mode.NO_AGENT, "saturated_accepted_per_s");
        result.put("cpu_per_message_ratio", round(cpuRatio));
        result.put("cpu_per_message_ratio_agent_exporting_nothing",
                round(median(phases, Mode.AGENT_EXPORTING_NOTHING, "cpu_ms_per_message")
                        / median(phases, Mode.NO_AGENT, "cpu_ms_per_message")));
        result.put("fresh_cpu_per_message_ratio", round(freshCpuRatio));
        result.put("max_throughput_ratio", round(throughputRatio));
        Map<String, Object> byMode = new LinkedHashMap<>();
        phases.forEach((mode, list) -> byMode.put(mode.name().toLowerCase(java.util.Locale.ROOT), list));
        result.put("phases", byMode);
        result.put("finished_at", Instant.now().toString());
        System.out.printf("%nCPU per message, agent + pipeline / no agent (median of %d): %.2f (%+.0f%%)%n", rounds,
                cpuRatio, (cpuRatio - 1) * 100);
        System.out.printf("CPU per message, agent exporting nothing / no agent: %.2f%n",
                result.get("cpu_per_message_ratio_agent_exporting_nothing"));
        System.out.printf("CPU per message in the first %d s after start, agent + pipeline / no agent: %.2f%n",
                warmupSeconds, freshCpuRatio);
        System.out.printf("max accepted msg/s, agent + pipeline / no agent (median of %d): %.2f (%+.0f%%)%n", rounds,
                throughputRatio, (throughputRatio - 1) * 100);
        return result;
    }

    private Map<String, Object> phase(Mode mode) throws Exception {
        restartServices(mode);
        ApiSession session = new ApiSession(stack.apiUri(), REQUEST_TIMEOUT);
        ApiSession.Audience audience = session.newAudience("overhead", CONVERSATIONS);
        ApiSession.User sender = audience.sender();
        List<UUID> conversations = audience.conversations();
        List<String> readers = audience.readerTokens();
        AtomicInteger[] expected = new AtomicInteger[CONVERSATIONS];
        Arrays.setAll(expected, i -> new AtomicInteger());

        Map<String, Duration> freshCpuBefore = stack.cpuTimes();
        Phase fresh = send(session, sender, conversations, expected, rate, rate * warmupSeconds);
        session.awaitAllStored(conversations, readers, expected, Duration.ofMinutes(5));
        double freshCpuSeconds = cpuSeconds(freshCpuBefore, stack.cpuTimes(), new LinkedHashMap<>());

        Map<String, Duration> cpuBefore = stack.cpuTimes();
        long started = System.nanoTime();
        Phase steady = send(session, sender, conversations, expected, rate, rate * seconds);
        long storedAt = session.awaitAllStored(conversations, readers, expected, Duration.ofMinutes(5));
        Map<String, Duration> cpuAfter = stack.cpuTimes();
        if (storedAt < 0) {
            throw new IllegalStateException(mode.label + ": not every accepted message was stored within 5 minutes");
        }
        double windowSeconds = (storedAt - started) / 1e9;

        Phase saturated = send(session, sender, conversations, expected, saturationRate,
                saturationRate * saturationSeconds);
        session.awaitAllStored(conversations, readers, expected, Duration.ofMinutes(5));

        Map<String, Object> phase = new LinkedHashMap<>();
        phase.put("mode", mode.label);
        // Fresh: the first seconds after the services started (the warm-up), JIT compilers still busy.
        phase.put("fresh_cpu_ms_per_message", round(freshCpuSeconds * 1000 / fresh.accepted()));
        phase.put("fresh_latency_ms_p50", millis(percentile(sorted(fresh), 50)));
        phase.put("fresh_latency_ms_p99", millis(percentile(sorted(fresh), 99)));
        Map<String, Double> cpuByProcess = new LinkedHashMap<>();
        double cpuSeconds = cpuSeconds(cpuBefore, cpuAfter, cpuByProcess);
        phase.put("accepted", steady.accepted());
        phase.put("window_seconds", round(windowSeconds));
        phase.put("cpu_seconds", round(cpuSeconds));
        phase.put("cpu_cores_used", round(cpuSeconds / windowSeconds));
        phase.put("cpu_ms_per_message", round(cpuSeconds * 1000 / steady.accepted()));
        phase.put("cpu_seconds_by_process", cpuByProcess);
        phase.put("steady_latency_ms_p50", millis(percentile(sorted(steady), 50)));
        phase.put("steady_latency_ms_p99", millis(percentile(sorted(steady), 99)));
        phase.put("steady_generator_cpu_cores", round(steady.generatorCpu().toNanos() / 1e9 / steady.seconds()));
        phase.put("saturated_offered_per_s", saturationRate);
        phase.put("saturated_accepted_per_s", round(saturated.accepted() / saturated.seconds()));
        phase.put("saturated_outcomes", outcomes(saturated));
        phase.put("saturated_latency_ms_p50", millis(percentile(sorted(saturated), 50)));
        phase.put("saturated_latency_ms_p99", millis(percentile(sorted(saturated), 99)));
        phase.put("saturated_generator_cpu_cores", round(saturated.generatorCpu().toNanos() / 1e9 / saturated.seconds()));
        phase.forEach((key, value) -> System.out.printf("  %-32s %s%n", key, value));
        return phase;
    }

    /** CPU seconds used between two readings of {@link LocalStack#cpuTimes()}, in total and per process. */
    private static double cpuSeconds(Map<String, Duration> before, Map<String, Duration> after,
                                     Map<String, Double> byProcess) {
        double total = 0;
        for (Map.Entry<String, Duration> entry : after.entrySet()) {
            double used = entry.getValue().minus(before.getOrDefault(entry.getKey(), Duration.ZERO)).toNanos() / 1e9;
            byProcess.put(entry.getKey(), round(used));
            total += used;
        }
        return total;
    }

    /** Stops every service, then starts them all again as {@code mode} says. */
    private void restartServices(Mode mode) {
        Map<String, String> exportNothing = Map.of("OTEL_TRACES_EXPORTER", "none", "OTEL_METRICS_EXPORTER", "none",
                "OTEL_LOGS_EXPORTER", "none");
        for (ServiceSpec service : Services.ALL) {
            stack.stop(service);
            stack.overrideEnvironment(service, mode == Mode.AGENT_EXPORTING_NOTHING ? exportNothing : Map.of());
        }
        stack.useAgent(mode != Mode.NO_AGENT);
        stack.startServices();
    }

    private static Phase send(ApiSession session, ApiSession.User sender, List<UUID> conversations,
                              AtomicInteger[] expected, int rate, int count) {
        return FixedRateSender.run(count, rate, index -> {
            int conversation = index % conversations.size();
            String outcome = session.sendMessage(sender.token(), conversations.get(conversation), "overhead " + index);
            if (outcome.equals(FixedRateSender.ACCEPTED)) {
                expected[conversation].incrementAndGet();
            }
            return outcome;
        });
    }

    private static long[] sorted(Phase phase) {
        long[] sorted = phase.latencyNanos().clone();
        Arrays.sort(sorted);
        return sorted;
    }

    private static Map<String, Integer> outcomes(Phase phase) {
        Map<String, Integer> outcomes = new java.util.TreeMap<>();
        phase.outcomes().forEach((outcome, count) -> outcomes.put(outcome, count.get()));
        return outcomes;
    }

    private static double median(Map<Mode, List<Map<String, Object>>> phases, Mode mode, String key) {
        double[] values = phases.get(mode).stream().mapToDouble(phase -> ((Number) phase.get(key)).doubleValue())
                .sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
