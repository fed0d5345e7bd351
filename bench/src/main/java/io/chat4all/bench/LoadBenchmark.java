package io.chat4all.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

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
 * The whole path under open-model load, on a stack of its own (free ports, a temporary home, the telemetry pipeline
 * running throughout): what it accepts, how long each message takes, what every process spends on it and how the
 * JVMs collect.
 *
 * <p>Each round restarts the services in each mode in turn (telemetry on: the OpenTelemetry agent exporting through
 * the pipeline; off: without the agent; with {@code --variant 'NAME=value;...'}, telemetry on with those variables
 * in every service's environment, such as {@code JAVA_TOOL_OPTIONS} or a setting), so drift on the machine hits
 * every mode alike, and runs three phases:
 * <ol>
 *   <li>fresh: right after the services started, {@code fresh-messages} at {@code fresh-rate}; in the first round
 *       on a stack whose Kafka and Cassandra are new as well;</li>
 *   <li>warm-up (not reported): {@code rate} msg/s for {@code warmup-seconds}, so that the JIT compilers of the
 *       services (and of the generator) are done;</li>
 *   <li>steady: {@code rate} msg/s for {@code seconds}.</li>
 * </ol>
 * <p>Sends are scheduled at the fixed rate whatever the answers; at most {@code connections} (default 256) are in
 * flight, as behind a proxy's connection pool, and a send waiting for one has that wait in its latency.
 *
 * <p>A phase reports: offered and accepted msg/s; latency from each send's <em>scheduled</em> time (no coordinated
 * omission) to the api's answer, to the router's write and, with {@code --delivery true}, to DELIVERED through
 * the simulated WhatsApp provider; messages accepted but never stored (or delivered); CPU-ms per message of every
 * process of the stack and of the generator (it shares the cores); the whole machine's busy and stolen cores and
 * the time of a fixed piece of work before the phase ({@link SpeedProbe}: a virtual machine's neighbours slow a run
 * down too); the collector pauses of each service and of Cassandra. The summary gives the median and the spread
 * (min–max) over the rounds per mode, the ratio telemetry on / off and, with a variant, the ratio variant / on of
 * CPU per message taken round by round.
 */
public final class LoadBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration COMPLETION_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final int PROVIDER_LATENCY_MILLIS = 20;

    /**
     * How the services run in a phase: with the OpenTelemetry agent or without, and with extra variables (a
     * {@code --variant}: the same stack but for what they change, measured in the same rounds as the others).
     */
    record Mode(String name, String label, boolean agent, Map<String, String> environment) {
        static final Mode ON = new Mode("telemetry_on", "telemetry on (agent + pipeline)", true, Map.of());
        static final Mode OFF = new Mode("telemetry_off", "telemetry off (no agent)", false, Map.of());

        static Mode telemetry(String onOrOff) {
            return switch (onOrOff.trim().toLowerCase(Locale.ROOT)) {
                case "on" -> ON;
                case "off" -> OFF;
                default -> throw new IllegalArgumentException("--telemetry takes on, off or on,off; got " + onOrOff);
            };
        }

        /**
         * Telemetry on, with {@code NAME=value} pairs in every service's environment, separated by {@code ;} (a
         * value may hold spaces: {@code JAVA_TOOL_OPTIONS=-XX:+UseSerialGC -Xss512k;OTEL_BSP_SCHEDULE_DELAY=500}).
         */
        static Mode variant(String assignments) {
            Map<String, String> environment = new TreeMap<>();
            for (String assignment : assignments.split(";")) {
                assignment = assignment.strip();
                if (assignment.isEmpty()) {
                    continue;
                }
                int equals = assignment.indexOf('=');
                if (equals < 1) {
                    throw new IllegalArgumentException("--variant takes NAME=value pairs, got '" + assignment + "'");
                }
                environment.put(assignment.substring(0, equals), assignment.substring(equals + 1));
            }
            if (environment.isEmpty()) {
                throw new IllegalArgumentException("--variant needs at least one NAME=value pair");
            }
            return new Mode("variant", "telemetry on, with " + environment, true, Map.copyOf(environment));
        }
    }

    private final LocalStack stack;
    private final MessageRecords records;
    private final int rate;
    private final int seconds;
    private final int freshMessages;
    private final int freshRate;
    private final int conversations;
    private final boolean delivery;
    private final int connections;
    private final int warmupSeconds;

    private LoadBenchmark(LocalStack stack, MessageRecords records, Map<String, String> options) {
        this.stack = stack;
        this.records = records;
        this.rate = Integer.parseInt(options.getOrDefault("rate", "1000"));
        this.seconds = Integer.parseInt(options.getOrDefault("seconds", "60"));
        this.freshMessages = Integer.parseInt(options.getOrDefault("fresh-messages", "10000"));
        this.freshRate = Integer.parseInt(options.getOrDefault("fresh-rate", "500"));
        this.conversations = Integer.parseInt(options.getOrDefault("conversations", "20"));
        this.delivery = Boolean.parseBoolean(options.getOrDefault("delivery", "false"));
        this.connections = Integer.parseInt(options.getOrDefault("connections",
                Integer.toString(ApiSession.DEFAULT_CONNECTIONS)));
        this.warmupSeconds = Integer.parseInt(options.getOrDefault("warmup-seconds", "60"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args, Set.of("root", "out", "rounds", "rate", "seconds",
                "fresh-messages", "fresh-rate", "conversations", "delivery", "telemetry", "connections",
                "warmup-seconds", "variant", "train-aot"));
        Path root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
        Path out = Path.of(options.getOrDefault("out", "bench-results"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        List<Mode> modes = new ArrayList<>(Arrays.stream(options.getOrDefault("telemetry", "on,off").split(","))
                .map(Mode::telemetry).toList());
        Optional.ofNullable(options.get("variant")).map(Mode::variant).ifPresent(modes::add);
        boolean trainAot = Boolean.parseBoolean(options.getOrDefault("train-aot", "false"));
        if (trainAot && !modes.equals(List.of(Mode.OFF))) {
            throw new IllegalArgumentException("--train-aot true runs with --telemetry off alone (training runs "
                    + "without the agent)");
        }
        Path home = Files.createTempDirectory("chat4all-load-");
        StackConfig config = StackConfig.forTests(root, home).withTelemetryMode(TelemetryMode.REQUIRED);
        System.out.println("a stack of its own in " + home + " (free ports; the pipeline runs in every phase)");
        LocalStack stack = new LocalStack(config, StackProgress.console(config.services()));
        try (stack) {
            if (trainAot) {
                stack.useAgent(false);
                stack.recordAotTraining();
            }
            stack.startTelemetry();
            stack.startInfrastructure();
            try (MessageRecords records = new MessageRecords(stack.cassandraContactPoint())) {
                Map<String, Object> result = new LoadBenchmark(stack, records, options).run(rounds, modes);
                result.put("options", new TreeMap<>(options));
                Files.createDirectories(out);
                Path file = out.resolve("load-" + Instant.now().toString().replace(':', '-') + ".json");
                JSON.writeValue(file.toFile(), result);
                System.out.println("written to " + file);
            }
        }
        if (trainAot) {
            stack.createAotCaches();
        }
        LocalStack.deleteTree(home);
    }

    private Map<String, Object> run(int rounds, List<Mode> modes) throws Exception {
        Map<Mode, List<Map<String, Object>>> fresh = new LinkedHashMap<>();
        Map<Mode, List<Map<String, Object>>> steady = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (Mode mode : orderInRound(modes, round)) {
                restartServices(mode);
                System.out.printf("%nround %d of %d, %s: fresh, %,d messages at %,d msg/s%n", round, rounds,
                        mode.label, freshMessages, freshRate);
                fresh.computeIfAbsent(mode, m -> new ArrayList<>()).add(phase(freshRate, freshMessages));
                if (warmupSeconds > 0) {
                    System.out.printf("%nround %d of %d, %s: warm-up, %,d msg/s for %d s (not reported)%n", round,
                            rounds, mode.label, rate, warmupSeconds);
                    phase(rate, rate * warmupSeconds);
                }
                System.out.printf("%nround %d of %d, %s: steady, %,d msg/s for %d s%n", round, rounds, mode.label,
                        rate, seconds);
                steady.computeIfAbsent(mode, m -> new ArrayList<>()).add(phase(rate, rate * seconds));
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("cpus", Runtime.getRuntime().availableProcessors());
        result.put("rounds", rounds);
        result.put("delivery", delivery);
        Map<String, Object> summary = new LinkedHashMap<>();
        for (Mode mode : modes) {
            summary.put(mode.name() + "_steady", spread(steady.get(mode)));
            summary.put(mode.name() + "_fresh", spread(fresh.get(mode)));
        }
        if (modes.containsAll(List.of(Mode.ON, Mode.OFF))) {
            summary.put("cpu_per_message_ratio_on_off", round(
                    median(steady.get(Mode.ON), "cpu_ms_per_message")
                            / median(steady.get(Mode.OFF), "cpu_ms_per_message")));
        }
        modes.stream().filter(mode -> mode.name().equals("variant")).findFirst().ifPresent(variant -> {
            summary.put("variant", variant.environment());
            if (modes.contains(Mode.ON)) {
                summary.put("cpu_per_message_ratio_variant_on", pairedRatios(steady.get(variant), steady.get(Mode.ON)));
            }
        });
        result.put("summary", summary);
        result.put("first_fresh_phase", fresh.get(modes.get(0)).get(0));
        Map<String, Object> phases = new LinkedHashMap<>();
        modes.forEach(mode -> phases.put(mode.name(), Map.of("fresh", fresh.get(mode), "steady", steady.get(mode))));
        result.put("phases", phases);
        result.put("finished_at", Instant.now().toString());
        System.out.println();
        System.out.println("summary: median [min .. max] over " + rounds + " round(s)");
        summary.forEach((key, value) -> System.out.printf("%-38s %s%n", key, value));
        return result;
    }

    /** One measured phase: a new audience, sends at a fixed rate, then everything the stack recorded of them. */
    private Map<String, Object> phase(int phaseRate, int count) throws Exception {
        ApiSession session = new ApiSession(stack.apiUri(), REQUEST_TIMEOUT, connections);
        ApiSession.Audience audience = session.newAudience("load", conversations, delivery);
        SimulatedProvider provider = new SimulatedProvider(session, stack.uri(Services.PROVIDER_SIM), "whatsapp");
        if (delivery) {
            provider.deliverAtOnce(PROVIDER_LATENCY_MILLIS);
        }
        Map<String, Long> gcOffsets = new LinkedHashMap<>();
        stack.gcLoggingProcesses().forEach(name -> gcOffsets.put(name, GcPauses.end(stack.gcLogFile(name))));
        UUID[] ids = new UUID[count];
        AtomicInteger[] acceptedPerConversation = new AtomicInteger[conversations];
        Arrays.setAll(acceptedPerConversation, i -> new AtomicInteger());

        double probeMillis = SpeedProbe.millis();
        Map<String, Duration> cpuBefore = stack.cpuTimes();
        Optional<HostCpu> hostBefore = HostCpu.read();
        Phase sent = FixedRateSender.run(count, phaseRate, connections, index -> {
            int conversation = index % conversations;
            ApiSession.Sent outcome = session.send(audience.sender().token(), audience.conversations().get(conversation),
                    "load " + index);
            outcome.messageId().ifPresent(id -> {
                ids[index] = id;
                acceptedPerConversation[conversation].incrementAndGet();
            });
            return outcome.outcome();
        });
        boolean completed = awaitCompletion(audience.conversations(), acceptedPerConversation, ids);
        long windowEnd = System.nanoTime();
        Map<String, Duration> cpuAfter = stack.cpuTimes();
        Optional<HostCpu> hostAfter = HostCpu.read();
        if (delivery) {
            provider.reset();
        }

        List<UUID> accepted = Arrays.stream(ids).filter(Objects::nonNull).toList();
        Map<UUID, Instant> storedAt = readUntilAll(accepted, records::storedAt);
        Map<UUID, Instant> deliveredAt = delivery ? readUntilAll(accepted, records::deliveredAt) : Map.of();

        Map<String, Object> phase = new LinkedHashMap<>();
        phase.put("offered_per_s", phaseRate);
        phase.put("sent", count);
        phase.put("accepted", accepted.size());
        phase.put("accepted_per_s", round(accepted.size() / sent.seconds()));
        phase.put("outcomes", outcomes(sent));
        phase.put("latency_ms_from_schedule", Map.of(
                "accepted", percentiles(sent.latencyNanos().clone()),
                "stored", percentiles(sinceScheduled(sent, ids, storedAt)),
                "delivered", delivery ? percentiles(sinceScheduled(sent, ids, deliveredAt)) : Map.of()));
        phase.put("stored", storedAt.size());
        phase.put("accepted_not_stored", accepted.size() - storedAt.size());
        if (delivery) {
            phase.put("delivered", deliveredAt.size());
            phase.put("accepted_not_delivered", accepted.size() - deliveredAt.size());
            phase.put("delivered_per_s", round(deliveredAt.size() / Math.max(1e-9,
                    Duration.between(sent.startedAt(), deliveredAt.values().stream().max(Instant::compareTo)
                            .orElse(sent.startedAt())).toNanos() / 1e9)));
        }
        double windowSeconds = (windowEnd - sent.start()) / 1e9;
        phase.put("completed_within_timeout", completed);
        phase.put("window_seconds", round(windowSeconds));
        Map<String, Double> cpuMsByProcess = new TreeMap<>();
        double cpuSeconds = 0;
        for (Map.Entry<String, Duration> process : cpuAfter.entrySet()) {
            double used = process.getValue().minus(cpuBefore.getOrDefault(process.getKey(), Duration.ZERO))
                    .toNanos() / 1e9;
            cpuMsByProcess.put(process.getKey(), round(used * 1000 / Math.max(1, accepted.size())));
            cpuSeconds += used;
        }
        phase.put("cpu_ms_per_message", round(cpuSeconds * 1000 / Math.max(1, accepted.size())));
        phase.put("cpu_cores_used", round(cpuSeconds / windowSeconds));
        phase.put("cpu_ms_per_message_by_process", cpuMsByProcess);
        hostBefore.ifPresent(before -> hostAfter.ifPresent(after -> {
            // The whole machine: what the stack and the generator left over, and what the hypervisor took.
            phase.put("host_busy_cores", round(after.busyCoresSince(before, windowSeconds)));
            phase.put("host_steal_cores", round(after.stealCoresSince(before, windowSeconds)));
        }));
        phase.put("speed_probe_ms", probeMillis);
        double generatorSeconds = sent.generatorCpu().toNanos() / 1e9;
        phase.put("generator_cpu_ms_per_message", round(generatorSeconds * 1000 / count));
        phase.put("generator_cpu_cores_used", round(generatorSeconds / sent.seconds()));
        Map<String, GcPauses> gc = new LinkedHashMap<>();
        for (Map.Entry<String, Long> offset : gcOffsets.entrySet()) {
            gc.put(offset.getKey(), GcPauses.since(stack.gcLogFile(offset.getKey()), offset.getValue()));
        }
        phase.put("gc_pauses", gc);
        phase.put("full_collections", gc.values().stream().mapToInt(GcPauses::fullCollections).sum());
        print(phase);
        return phase;
    }

    /**
     * Waits until every conversation holds all its accepted messages (a count per conversation: cheap, so the wait
     * adds little to the CPU window) and, with delivery, until the last message of every conversation is DELIVERED
     * (one connector keeps each conversation in order). Polling: the stack has no event to wait on.
     */
    private boolean awaitCompletion(List<UUID> conversationIds, AtomicInteger[] expected, UUID[] ids)
            throws InterruptedException {
        long deadline = System.nanoTime() + COMPLETION_TIMEOUT.toNanos();
        List<UUID> last = lastPerConversation(ids);
        boolean[] stored = new boolean[conversationIds.size()];
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (int c = 0; c < stored.length; c++) {
                stored[c] = stored[c] || records.storedCount(conversationIds.get(c)) >= expected[c].get();
                all &= stored[c];
            }
            if (all && (!delivery || records.deliveredAt(last).size() == last.size())) {
                return true;
            }
            Thread.sleep(POLL.toMillis());
        }
        return false;
    }

    /** The last accepted message of each conversation (message i went to conversation i % conversations). */
    private List<UUID> lastPerConversation(UUID[] ids) {
        UUID[] last = new UUID[conversations];
        for (int i = ids.length - 1; i >= 0; i--) {
            if (ids[i] != null && last[i % conversations] == null) {
                last[i % conversations] = ids[i];
            }
        }
        return Arrays.stream(last).filter(Objects::nonNull).toList();
    }

    /** Reads until every message has its record or the completion timeout passes: what is missing then is lost. */
    private static Map<UUID, Instant> readUntilAll(List<UUID> messages,
                                                   Function<List<UUID>, Map<UUID, Instant>> read)
            throws InterruptedException {
        Map<UUID, Instant> found = new HashMap<>(read.apply(messages));
        long deadline = System.nanoTime() + COMPLETION_TIMEOUT.toNanos();
        while (found.size() < messages.size() && System.nanoTime() < deadline) {
            Thread.sleep(POLL.toMillis());
            found.putAll(read.apply(messages.stream().filter(id -> !found.containsKey(id)).toList()));
        }
        return found;
    }

    /** Nanoseconds from each send's scheduled time to its recorded time, for the messages that have one. */
    private static long[] sinceScheduled(Phase sent, UUID[] ids, Map<UUID, Instant> recorded) {
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            Instant at = ids[i] == null ? null : recorded.get(ids[i]);
            if (at != null) {
                latencies.add(Duration.between(sent.scheduledAt(i), at).toNanos());
            }
        }
        return latencies.stream().mapToLong(Long::longValue).toArray();
    }

    private static Map<String, Double> percentiles(long[] nanos) {
        if (nanos.length == 0) {
            return Map.of();
        }
        Arrays.sort(nanos);
        Map<String, Double> result = new LinkedHashMap<>();
        for (double p : new double[] {50, 90, 99, 99.9}) {
            result.put("p" + (p == Math.rint(p) ? Integer.toString((int) p) : Double.toString(p)),
                    millis(percentile(nanos, p)));
        }
        result.put("max", millis(nanos[nanos.length - 1]));
        return result;
    }

    /**
     * The modes in the order they run in {@code round} (from 1): the first round in the given order, each next one
     * rotated by one. Whichever mode runs first in a round meets a Kafka and Cassandra that just served the other's
     * steady phase (or, in round 1, that just started); rotating spreads that over every mode, so a paired ratio does
     * not carry it.
     */
    static List<Mode> orderInRound(List<Mode> modes, int round) {
        List<Mode> order = new ArrayList<>(modes);
        Collections.rotate(order, -((round - 1) % modes.size()));
        return order;
    }

    /** Stops every service, then starts them all again with or without the agent. */
    private void restartServices(Mode mode) {
        Services.ALL.forEach(stack::stop);
        stack.useAgent(mode.agent());
        Services.ALL.forEach(service -> stack.overrideEnvironment(service, mode.environment()));
        stack.startServices();
    }

    /**
     * CPU per message of {@code variant} over {@code baseline}, round by round (each pair ran minutes apart, so the
     * machine's drift over the whole run cancels out): the median ratio and its spread.
     */
    private static String pairedRatios(List<Map<String, Object>> variant, List<Map<String, Object>> baseline) {
        double[] ratios = new double[variant.size()];
        for (int round = 0; round < ratios.length; round++) {
            ratios[round] = ((Number) variant.get(round).get("cpu_ms_per_message")).doubleValue()
                    / ((Number) baseline.get(round).get("cpu_ms_per_message")).doubleValue();
        }
        Arrays.sort(ratios);
        return medianAndRange(ratios);
    }

    /** Median and spread over the rounds of the figures a reader compares. */
    private static Map<String, Object> spread(List<Map<String, Object>> phases) {
        Map<String, Function<Map<String, Object>, Number>> figures = new LinkedHashMap<>();
        figures.put("accepted_per_s", phase -> (Number) phase.get("accepted_per_s"));
        for (String step : List.of("accepted", "stored", "delivered")) {
            for (String p : List.of("p50", "p99", "max")) {
                figures.put(step + "_latency_ms_" + p, phase -> latency(phase, step, p));
            }
        }
        figures.put("accepted_not_stored", phase -> (Number) phase.get("accepted_not_stored"));
        figures.put("cpu_ms_per_message", phase -> (Number) phase.get("cpu_ms_per_message"));
        figures.put("generator_cpu_cores_used", phase -> (Number) phase.get("generator_cpu_cores_used"));
        figures.put("full_collections", phase -> (Number) phase.get("full_collections"));
        figures.put("host_steal_cores", phase -> (Number) phase.get("host_steal_cores"));
        figures.put("speed_probe_ms", phase -> (Number) phase.get("speed_probe_ms"));
        Map<String, Object> spread = new LinkedHashMap<>();
        figures.forEach((name, figure) -> {
            double[] values = phases.stream().map(figure).filter(Objects::nonNull)
                    .mapToDouble(Number::doubleValue).sorted().toArray();
            if (values.length > 0) {
                spread.put(name, medianAndRange(values));
            }
        });
        return spread;
    }

    @SuppressWarnings("unchecked")
    private static Number latency(Map<String, Object> phase, String step, String percentile) {
        Map<String, Map<String, Double>> latency = (Map<String, Map<String, Double>>) phase.get("latency_ms_from_schedule");
        return latency.getOrDefault(step, Map.of()).get(percentile);
    }

    private static double median(List<Map<String, Object>> phases, String key) {
        return median(phases.stream().mapToDouble(phase -> ((Number) phase.get(key)).doubleValue()).sorted().toArray());
    }

    private static double median(double[] sorted) {
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** "median [min .. max]" of values sorted ascending. */
    private static String medianAndRange(double[] sorted) {
        return String.format(Locale.ROOT, "%s [%s .. %s]", format(median(sorted)), format(sorted[0]),
                format(sorted[sorted.length - 1]));
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(round(value));
    }

    private static Map<String, Integer> outcomes(Phase phase) {
        Map<String, Integer> outcomes = new TreeMap<>();
        phase.outcomes().forEach((outcome, count) -> outcomes.put(outcome, count.get()));
        return outcomes;
    }

    private static void print(Map<String, Object> phase) {
        phase.forEach((key, value) -> System.out.printf("  %-32s %s%n", key, value));
    }
}
