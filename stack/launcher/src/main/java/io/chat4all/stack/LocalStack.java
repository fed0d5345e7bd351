package io.chat4all.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import com.datastax.oss.driver.api.core.CqlSession;

/**
 * The whole system on this machine, without Docker: Kafka and Cassandra from Maven Central and the services' jars,
 * each in its own child JVM that exits with this one. Used by {@code ./chat4all up} and the integration tests.
 *
 * <p>Start and stop calls are serialized; {@link #close()} may come from another thread (a shutdown hook) at any
 * time, and makes a start that is still waiting fail fast.
 */
public final class LocalStack implements AutoCloseable {

    private static final Duration SERVICE_HEALTH_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration SERVICE_STOP_GRACE = Duration.ofSeconds(15);
    /** A JVM recording an AOT training run writes it as it exits: 14 s for five services at once here. */
    private static final Duration RECORDING_STOP_GRACE = Duration.ofMinutes(2);
    private static final Duration KAFKA_STOP_GRACE = Duration.ofSeconds(20);
    /** Cassandra drains (flushes memtables) on SIGTERM: about 7 s here. */
    private static final Duration CASSANDRA_STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration PREVIOUS_RUN_EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration HEALTH_REQUEST_TIMEOUT = Duration.ofSeconds(2);

    /**
     * The agents' settings without the telemetry pipeline: nothing is exported. With it, {@link TelemetryPipeline}
     * gives the exporters. Either way a variable already set in the launcher's environment wins.
     */
    private static final Map<String, String> OTEL_DEFAULTS = Map.of(
            "OTEL_TRACES_EXPORTER", "none",
            "OTEL_METRICS_EXPORTER", "none",
            "OTEL_LOGS_EXPORTER", "none",
            "OTEL_PROPAGATORS", "tracecontext,baggage",
            "OTEL_JAVAAGENT_DEBUG", "false");

    /**
     * {@code CHAT4ALL_SERVICE_JVM_OPTIONS}: extra options for every service JVM (space-separated), after ours;
     * {@code {instance}} in them becomes the service's instance name (one file per service: a recording, a cache).
     */
    private static final List<String> SERVICE_JVM_OPTIONS = splitOptions(System.getenv("CHAT4ALL_SERVICE_JVM_OPTIONS"));
    /** {@code CHAT4ALL_CASSANDRA_JVM_OPTIONS}: extra options for Cassandra's JVM (space-separated), after ours. */
    private static final List<String> CASSANDRA_JVM_OPTIONS =
            splitOptions(System.getenv("CHAT4ALL_CASSANDRA_JVM_OPTIONS"));

    private final StackConfig config;
    private final StackProgress progress;
    private final RunFolder runFolder;
    private final ChildLauncher launcher;
    private final KafkaBroker kafka;
    private final CassandraNode cassandra;
    private final S3Server s3;
    private final TelemetryPipeline telemetry;
    /** The backends found at {@link #startTelemetry()}, for restarts. */
    private final Map<TelemetryBackend, Path> telemetryBinaries = new ConcurrentHashMap<>();
    private final Map<ServiceSpec, Map<String, String>> environmentOverrides = new ConcurrentHashMap<>();
    private final HealthProbe healthProbe = new HealthProbe(HEALTH_REQUEST_TIMEOUT);
    private final Map<String, ChildProcess> children = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean withAgent = true;
    private volatile boolean recordingAot;
    private final Path agentJar;
    private final AotCaches aotCaches;
    private volatile Watchdog watchdog;
    private boolean homeClaimed;

    public LocalStack(StackConfig config, StackProgress progress) {
        this.config = config;
        this.progress = progress;
        this.runFolder = new RunFolder(config.run());
        this.launcher = new ChildLauncher(config, runFolder);
        this.kafka = new KafkaBroker(config);
        this.cassandra = new CassandraNode(config);
        this.s3 = new S3Server(config);
        this.telemetry = new TelemetryPipeline(config);
        this.agentJar = config.projectRoot().resolve("stack/otel-agent/target/opentelemetry-javaagent.jar");
        this.aotCaches = AotCaches.inUserCache(agentJar);
    }

    public StackConfig config() {
        return config;
    }

    /**
     * Starts Kafka, Cassandra and the S3 server side by side and waits until each is ready, then creates the Kafka topics and
     * applies the Cassandra schema (both idempotent). On failure, {@link #close()} stops what was started.
     */
    public synchronized void startInfrastructure() {
        requireOpen();
        claimHome();
        JdkFinder.Jdk modernJdk = modernJdk();
        JdkFinder.Jdk cassandraJdk = cassandraJdk();
        requireFree(KafkaBroker.NAME, config.ports().kafka(), StackPorts.KAFKA_VARIABLE);
        requireFree(KafkaBroker.NAME, config.ports().kafkaController(), StackPorts.KAFKA_CONTROLLER_VARIABLE);
        requireFree(CassandraNode.NAME, config.ports().cassandraCql(), StackPorts.CASSANDRA_CQL_VARIABLE);
        requireFree(CassandraNode.NAME, config.ports().cassandraStorage(), StackPorts.CASSANDRA_STORAGE_VARIABLE);
        requireFree(S3Server.NAME, config.ports().s3(), StackPorts.S3_VARIABLE);

        List<String> kafkaAot = aotOptions(KafkaBroker.NAME, modernJdk, kafka.classpath());
        progress.report(KafkaBroker.NAME, "starting on " + kafkaBootstrap() + aotLabel(kafkaAot));
        ChildProcess broker = track(kafka.start(launcher, modernJdk, kafkaAot), true);
        progress.report(CassandraNode.NAME, "starting on " + config.host() + ":" + config.ports().cassandraCql());
        List<String> cassandraOptions = new ArrayList<>(List.of(gcLogOption(gcLogFile(CassandraNode.NAME))));
        cassandraOptions.addAll(CASSANDRA_JVM_OPTIONS);
        ChildProcess node = track(cassandra.start(launcher, cassandraJdk, cassandraOptions), true);
        progress.report(S3Server.NAME, "starting on " + s3.endpoint());
        ChildProcess s3Server = track(s3.start(launcher, modernJdk), true);

        kafka.awaitReady(broker, closed::get);
        progress.report(KafkaBroker.NAME, "ready in " + seconds(broker.age()));
        progress.report(KafkaBroker.NAME, "topics " + kafka.ensureTopics(broker, closed::get) + " after "
                + seconds(broker.age()));

        s3.awaitReady(s3Server, closed::get);
        progress.report(S3Server.NAME, "ready in " + seconds(s3Server.age()) + ", bucket " + S3Server.BUCKET);

        try (CqlSession session = cassandra.awaitReady(node, closed::get)) {
            progress.report(CassandraNode.NAME, "ready in " + seconds(node.age()));
            long schemaStarted = System.nanoTime();
            int statements = cassandra.applySchema(session);
            progress.report(CassandraNode.NAME, "schema applied (" + statements + " statements) in "
                    + seconds(Duration.ofNanos(System.nanoTime() - schemaStarted)));
        }
    }

    /**
     * Starts the telemetry pipeline unless its mode is {@link TelemetryMode#OFF}: Jaeger, the Collector, Prometheus,
     * each from its binary (the Collector and Jaeger are built first if Go is there and they are not cached), and
     * waits until each is ready. Call before {@link #startServices()}: services started afterwards export to it.
     *
     * <p>What cannot be found is reported once, with how to get it, and the rest starts: telemetry is never on the
     * data path. Without the Collector nothing else is worth starting. In {@link TelemetryMode#REQUIRED} a missing
     * part fails the start instead.
     */
    public synchronized void startTelemetry() {
        requireOpen();
        TelemetryMode mode = config.telemetry().mode();
        if (mode == TelemetryMode.OFF) {
            return;
        }
        claimHome();
        TelemetryBinaries binaries = TelemetryBinaries.find(config.projectRoot(), System.getenv(), progress);
        if (!binaries.missing().isEmpty()) {
            if (mode == TelemetryMode.REQUIRED) {
                throw new StackException("the telemetry pipeline is required (" + TelemetryMode.VARIABLE
                        + "=required) but cannot start: " + String.join(" ", binaries.missing()));
            }
            progress.report("telemetry", "missing: " + String.join(" ", binaries.missing()));
        }
        if (binaries.collector().isEmpty()) {
            progress.report("telemetry", "not started (no Collector); the services export nothing."
                    + " ./chat4all up --no-telemetry skips this step.");
            return;
        }
        binaries.traceStore().ifPresent(binary -> telemetryBinaries.put(TelemetryBackend.TRACE_STORE, binary));
        telemetryBinaries.put(TelemetryBackend.COLLECTOR, binaries.collector().get());
        binaries.prometheus().ifPresent(binary -> telemetryBinaries.put(TelemetryBackend.PROMETHEUS, binary));
        for (TelemetryBackend backend : TelemetryBackend.values()) {
            if (telemetryBinaries.containsKey(backend)) {
                start(backend);
            }
        }
    }

    /** (Re)starts one backend of the telemetry pipeline started by {@link #startTelemetry()}; waits until ready. */
    public synchronized void start(TelemetryBackend backend) {
        requireOpen();
        Path binary = telemetryBinaries.get(backend);
        if (binary == null) {
            throw new IllegalStateException(backend.processName() + " is not part of this stack's telemetry pipeline");
        }
        stop(backend);
        for (TelemetryPort port : backend.ports()) {
            requireFree(backend.processName(), config.telemetry().ports().of(port), port.variable());
        }
        progress.report(backend.processName(), "starting");
        ChildProcess child = track(telemetry.start(backend, binary, launcher), false);
        telemetry.awaitReady(backend, child, closed::get);
        progress.report(backend.processName(), "ready in " + seconds(child.age()));
    }

    /** SIGTERM to one telemetry backend, then waits for its exit (tests stop one to prove nothing depends on it). */
    public synchronized void stop(TelemetryBackend backend) {
        child(backend.processName()).filter(ChildProcess::isAlive).ifPresent(child -> stopAll(List.of(child)));
    }

    /** Whether the services export to a Collector: true once {@link #startTelemetry()} started one. */
    public boolean telemetryEnabled() {
        return telemetryBinaries.containsKey(TelemetryBackend.COLLECTOR);
    }

    /** Whether {@code backend} runs as part of this stack (it was found and started). */
    public boolean hasTelemetry(TelemetryBackend backend) {
        return telemetryBinaries.containsKey(backend);
    }

    /** Jaeger's UI; its HTTP API answers {@code /api/traces/<trace id>}. */
    public URI traceStoreUri() {
        return telemetry.traceStoreUri();
    }

    public URI prometheusUri() {
        return telemetry.prometheusUri();
    }

    /** Where the Collector writes the services' OTLP log records, one JSON document per line. */
    public Path telemetryLogsFile() {
        return telemetry.logsFile();
    }

    /** Starts every service of the table side by side and waits until each answers its health check. */
    public synchronized void startServices() {
        startServices(config.services());
    }

    /** Starts {@code services} side by side (each waits for its dependencies itself), then awaits each healthy. */
    public synchronized void startServices(List<ServiceSpec> services) {
        Map<ServiceSpec, ChildProcess> started = new LinkedHashMap<>();
        for (ServiceSpec service : services) {
            started.put(service, launch(service));
        }
        started.forEach(this::awaitHealthy);
    }

    /** (Re)starts one service and waits until it is healthy. */
    public synchronized void start(ServiceSpec service) {
        if (isRunning(service)) {
            stop(service);
        }
        awaitHealthy(service, launch(service));
    }

    /** SIGTERM (graceful shutdown), then waits for the exit; kills it if it takes over 15 s. */
    public synchronized void stop(ServiceSpec service) {
        child(service.instance()).filter(ChildProcess::isAlive).ifPresent(child -> stopAll(List.of(child)));
    }

    /** SIGKILL: the service gets no chance to clean up (for crash tests). Waits for the exit. */
    public synchronized void kill(ServiceSpec service) {
        child(service.instance()).filter(ChildProcess::isAlive).ifPresent(child -> {
            child.kill();
            progress.report(child.name(), "killed");
        });
    }

    public boolean isRunning(ServiceSpec service) {
        return child(service.instance()).map(ChildProcess::isAlive).orElse(false);
    }

    /** {@code host:port} of the Kafka listener. */
    public String kafkaBootstrap() {
        return kafka.bootstrapServers();
    }

    public InetSocketAddress cassandraContactPoint() {
        return cassandra.contactPoint();
    }

    /** {@code http://host:port} of one of the table's services. */
    public URI uri(ServiceSpec service) {
        return service.uri(config.host(), config.ports());
    }

    public URI apiUri() {
        return uri(Services.API);
    }

    public URI routerUri() {
        return uri(Services.ROUTER);
    }

    /** {@code <home>/logs/<name>.log} for kafka, cassandra and each service instance. */
    public Path logFile(String processName) {
        return config.logs().resolve(processName + ".log");
    }

    /**
     * {@code -Xlog:gc} to {@code file}: every collection with its pause, for the load benchmark and for anyone chasing
     * a stall; one file per start (no rotation), replaced by the next start.
     */
    static String gcLogOption(Path file) {
        return "-Xlog:gc:file=" + file + ":uptime,level,tags:filecount=0";
    }

    /**
     * {@code <home>/logs/<name>.gc.log}: the collections of a service's (or Cassandra's) current run, each with its
     * pause.
     */
    public Path gcLogFile(String instance) {
        return config.logs().resolve(instance + ".gc.log");
    }

    /** The processes that log their collections to a {@link #gcLogFile}: Cassandra and each service instance. */
    public List<String> gcLoggingProcesses() {
        List<String> names = new ArrayList<>(List.of(CassandraNode.NAME));
        config.services().forEach(service -> names.add(service.instance()));
        return names;
    }

    /** What a service's own environment ({@link ServiceSpec#environment()}) is computed from. */
    public StackContext context() {
        return new StackContext(config, kafkaBootstrap(), s3.apiEnvironment());
    }

    /**
     * The variables the launcher adds to its own environment when it starts {@code service}: the addresses every
     * service gets, then the row's own {@link ServiceSpec#environment()}, then the agent's telemetry settings (unless
     * the launcher's own environment sets them), then the {@link #overrideEnvironment overrides}.
     */
    public Map<String, String> serviceEnvironment(ServiceSpec service) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVER_HOST", config.host());
        env.put("SERVER_PORT", Integer.toString(service.port(config.ports())));
        env.put("KAFKA_SERVERS", kafkaBootstrap());
        env.put("CASSANDRA_HOST", config.host());
        env.put("CASSANDRA_PORT", Integer.toString(config.ports().cassandraCql()));
        env.put("OTEL_SERVICE_NAME", service.otelServiceName());
        env.putAll(service.environment().apply(context()));
        Map<String, String> otel = new LinkedHashMap<>(OTEL_DEFAULTS);
        if (telemetryEnabled()) {
            otel.putAll(telemetry.agentEnvironment(service));
        }
        otel.forEach((name, value) -> {
            if (System.getenv(name) == null) {
                env.put(name, value);
            }
        });
        env.putAll(environmentOverrides.getOrDefault(service, Map.of()));
        return env;
    }

    /**
     * Variables that win over the launcher's own for {@code service} from its next start on (tests run the api with
     * another file storage this way, the overhead benchmark turns exporters off); an empty map restores the defaults.
     */
    public void overrideEnvironment(ServiceSpec service, Map<String, String> variables) {
        environmentOverrides.put(service, Map.copyOf(variables));
    }

    /**
     * Whether services started from now on run with the OpenTelemetry agent (the default). Without it they emit no
     * telemetry at all: the baseline of the telemetry overhead benchmark.
     */
    public void useAgent(boolean enabled) {
        if (enabled && recordingAot) {
            throw new IllegalStateException("an AOT training run records without the agent (see AotCaches)");
        }
        this.withAgent = enabled;
    }

    /**
     * CPU time used so far by each running child (with its own children: a native backend runs under a shell), by
     * process name: what the benchmarks divide by the work done.
     */
    public Map<String, Duration> cpuTimes() {
        Map<String, Duration> times = new LinkedHashMap<>();
        children.forEach((name, child) -> ProcessHandle.of(child.pid()).filter(ProcessHandle::isAlive)
                .ifPresent(process -> times.put(name, Stream.concat(Stream.of(process), process.descendants())
                        .map(handle -> handle.info().totalCpuDuration().orElse(Duration.ZERO))
                        .reduce(Duration.ZERO, Duration::plus))));
        return times;
    }

    /**
     * Puts the running children under {@code watchdog}: their unexpected exits, and the services' liveness.
     * For {@code ./chat4all up} only: the integration tests stop and kill children on purpose.
     */
    synchronized void superviseWith(Watchdog watchdog) {
        this.watchdog = watchdog;
        for (ServiceSpec service : config.services()) {
            child(service.instance()).ifPresent(child -> watchdog.watchLiveness(child,
                    service.livenessUri(config.host(), config.ports())));
        }
        // A child that died before the watchdog was set up got no call from track()'s exit callback.
        children.values().stream().filter(child -> TelemetryBackend.named(child.name()).isEmpty())
                .filter(this::exitedUnexpectedly).forEach(watchdog::exitedUnexpectedly);
    }

    /** Stops the services, then Kafka and Cassandra, each with a bounded wait. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<ChildProcess> services = new ArrayList<>();
        for (ServiceSpec service : config.services()) {
            child(service.instance()).ifPresent(services::add);
        }
        stopAll(services);
        List<ChildProcess> infrastructure = new ArrayList<>();
        child(KafkaBroker.NAME).ifPresent(infrastructure::add);
        child(CassandraNode.NAME).ifPresent(infrastructure::add);
        child(S3Server.NAME).ifPresent(infrastructure::add);
        stopAll(infrastructure);
        // Last: what the services sent while stopping still arrives.
        List<ChildProcess> pipeline = new ArrayList<>();
        for (TelemetryBackend backend : TelemetryBackend.values()) {
            child(backend.processName()).ifPresent(pipeline::add);
        }
        stopAll(pipeline);
        runFolder.releaseLauncher();
    }

    private ChildProcess launch(ServiceSpec service) {
        requireOpen();
        claimHome();
        Path jar = service.jar(config.projectRoot());
        if (!Files.isRegularFile(jar)) {
            throw new StackException(service + " is not built (" + jar + " is missing); run ./mvnw install -DskipTests");
        }
        if (!Files.isRegularFile(agentJar)) {
            throw new StackException("the OpenTelemetry agent is missing (" + agentJar
                    + "); run ./mvnw install -DskipTests");
        }
        requireFree(service.instance(), service.port(config.ports()), service.portVariable());

        ChildLauncher.JvmSpec jvm = serviceJvm(service, modernJdk());
        progress.report(service.instance(), "starting on " + uri(service) + aotLabel(jvm.options()));
        return track(launcher.launch(jvm), true);
    }

    /** The child JVM of one service: named by its instance, which names its log and pid file too. */
    ChildLauncher.JvmSpec serviceJvm(ServiceSpec service, JdkFinder.Jdk jdk) {
        List<String> classpath = serviceClasspath(service);
        List<String> jvmOptions = new ArrayList<>(serviceJvmOptions(jdk));
        jvmOptions.add(gcLogOption(gcLogFile(service.instance())));
        if (withAgent) {
            jvmOptions.add(0, "-javaagent:" + agentJar);
        }
        jvmOptions.addAll(aotOptions(service.instance(), jdk, classpath));
        // Last, so they win: heap and collector experiments without a rebuild.
        SERVICE_JVM_OPTIONS.forEach(option -> jvmOptions.add(option.replace("{instance}", service.instance())));
        return new ChildLauncher.JvmSpec(service.instance(), jdk, jvmOptions, classpath, service.mainClass(), List.of(),
                serviceEnvironment(service));
    }

    /**
     * A JVM's AOT cache options ({@link AotCaches}): recording its training run, or using the cache trained for its
     * classpath (as the launcher completes it), if there is one.
     */
    private List<String> aotOptions(String name, JdkFinder.Jdk jdk, List<String> classpath) {
        List<String> fullClasspath = launcher.classpath(classpath);
        return recordingAot ? aotCaches.recordOptions(name, jdk, fullClasspath)
                : aotCaches.useOptions(name, jdk, fullClasspath);
    }

    /** What a JVM's start line says of its AOT cache (a user's own cache too). */
    private String aotLabel(List<String> jvmOptions) {
        return recordingAot ? " (recording its AOT training run)"
                : jvmOptions.stream().anyMatch(option -> option.startsWith("-XX:AOTCache=")) ? " (AOT cache)" : "";
    }

    /** The service's jar and its dependencies' folder (the guard's jar goes first, {@link ChildLauncher#classpath}). */
    private List<String> serviceClasspath(ServiceSpec service) {
        return List.of(service.jar(config.projectRoot()).toString(),
                service.libs(config.projectRoot()).resolve("*").toString());
    }

    /** What every service JVM runs with, and the JVM that creates its AOT cache too. */
    private List<String> serviceJvmOptions(JdkFinder.Jdk jdk) {
        // A JVM that ran out of heap keeps running without answering (OutOfMemoryError only kills the thread that
        // hit it): exit instead, so the death is visible and its cause is the last line of its log.
        // The heap is fixed (-Xms = -Xmx): grown on demand, G1 kept it near 90 MB under load and ran a concurrent
        // marking cycle every third collection, with remark pauses of 80-100 ms (README, load benchmark).
        List<String> options = new ArrayList<>(List.of("-Xms384m", "-Xmx384m", "-XX:+ExitOnOutOfMemoryError"));
        if (jdk.version().feature() >= 24) {
            // The Cassandra driver's shaded Guava and Netty use sun.misc.Unsafe and native access: allowed, not warned.
            options.addAll(List.of("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"));
        }
        if (AotCaches.supported(jdk)) {
            options.addAll(aotCaches.jvmOptions());
        }
        return options;
    }

    /**
     * Services and Kafka started from now on record a training run for their AOT caches ({@link AotCaches}), written
     * when each exits; {@link #createAotCaches()} turns them into the caches. Without the agent: see {@link AotCaches}.
     */
    public void recordAotTraining() {
        if (withAgent) {
            throw new IllegalStateException("AOT training runs without the agent (useAgent(false))");
        }
        recordingAot = true;
    }

    /**
     * Creates each service's and Kafka's AOT cache from the runs recorded since {@link #recordAotTraining()}, one at a
     * time; call it after {@link #close()}, which stopped them. Reports each cache made.
     */
    public List<Path> createAotCaches() {
        JdkFinder.Jdk jdk = modernJdk();
        List<Path> created = new ArrayList<>();
        for (ServiceSpec service : config.services()) {
            createAotCache(service.instance(), jdk, serviceJvmOptions(jdk), serviceClasspath(service))
                    .ifPresent(created::add);
        }
        createAotCache(KafkaBroker.NAME, jdk, KafkaBroker.HEAP_OPTIONS, kafka.classpath()).ifPresent(created::add);
        return created;
    }

    private Optional<Path> createAotCache(String name, JdkFinder.Jdk jdk, List<String> jvmOptions,
                                          List<String> classpath) {
        long startedNanos = System.nanoTime();
        Optional<Path> cache = aotCaches.create(name, jdk, jvmOptions, launcher.classpath(classpath),
                config.logs().resolve(name + ".aot.log"));
        progress.report(name, cache.map(file -> "AOT cache " + file + " created in "
                        + seconds(Duration.ofNanos(System.nanoTime() - startedNanos)))
                .orElse("no training run recorded, no AOT cache"));
        return cache;
    }

    private void awaitHealthy(ServiceSpec service, ChildProcess child) {
        URI health = service.healthUri(config.host(), config.ports());
        Readiness.await(child, "become healthy", SERVICE_HEALTH_TIMEOUT, closed::get, () -> {
            HealthProbe.Result result = healthProbe.check(health);
            if (!result.healthy()) {
                throw new IllegalStateException(health + " " + result);
            }
            return Optional.of(result);
        });
        progress.report(service.instance(), "healthy in " + seconds(child.age()));
    }

    /**
     * Registers a started child: a later unexpected exit is reported, and a close that raced the start wins. The
     * watchdog hears of the exit of an {@code essential} child only: a telemetry backend that dies is reported and
     * the stack goes on.
     */
    private ChildProcess track(ChildProcess child, boolean essential) {
        children.put(child.name(), child);
        child.onExit(() -> {
            if (exitedUnexpectedly(child)) {
                progress.report(child.name(), "exited unexpectedly with " + child.exitStatus() + "; see "
                        + child.logFile());
                Watchdog supervisor = watchdog;
                if (supervisor != null && essential) {
                    supervisor.exitedUnexpectedly(child);
                }
            }
        });
        if (closed.get()) {
            stopAll(List.of(child));
            throw new StackException("stack closed while " + child.name() + " was starting");
        }
        return child;
    }

    private boolean exitedUnexpectedly(ChildProcess child) {
        return !child.isAlive() && !child.stopRequested() && !closed.get();
    }

    /** SIGTERM to all first, so they shut down in parallel, then a bounded wait for each. */
    private void stopAll(List<ChildProcess> processes) {
        List<ChildProcess> running = processes.stream().filter(ChildProcess::isAlive).toList();
        long startedNanos = System.nanoTime();
        running.forEach(ChildProcess::terminate);
        for (ChildProcess child : running) {
            child.awaitExit(stopGrace(child.name()));
            progress.report(child.name(), "stopped in " + seconds(Duration.ofNanos(System.nanoTime() - startedNanos)));
        }
    }

    private Duration stopGrace(String processName) {
        switch (processName) {
            case KafkaBroker.NAME:
                return recordingAot ? RECORDING_STOP_GRACE : KAFKA_STOP_GRACE;
            case CassandraNode.NAME:
                return CASSANDRA_STOP_GRACE;
            default:
                return recordingAot ? RECORDING_STOP_GRACE : SERVICE_STOP_GRACE;
        }
    }

    /**
     * Takes this home for this JVM (one stack per home). Children of a launcher that was killed exit on their own;
     * waits for them so their ports are free again.
     */
    private void claimHome() {
        if (homeClaimed) {
            return;
        }
        runFolder.claimLauncher(config.home());
        List<String> names = new ArrayList<>();
        config.services().forEach(service -> names.add(service.instance()));
        names.addAll(List.of(KafkaBroker.NAME, CassandraNode.NAME, S3Server.NAME));
        for (TelemetryBackend backend : TelemetryBackend.values()) {
            names.add(backend.processName());
        }
        for (String name : names) {
            runFolder.process(name).ifPresent(previous -> awaitPreviousRunExit(name, previous));
        }
        homeClaimed = true;
    }

    private void awaitPreviousRunExit(String name, ProcessHandle previous) {
        progress.report(name, "waiting for pid " + previous.pid() + " of a previous run to exit");
        try {
            previous.onExit().get(PREVIOUS_RUN_EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new StackException(name + " of a previous run (pid " + previous.pid() + ") is still running after "
                    + PREVIOUS_RUN_EXIT_TIMEOUT.toSeconds() + " s; stop it with ./chat4all down");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while waiting for " + name + " of a previous run to exit", e);
        }
    }

    private void requireFree(String processName, int port, String portVariable) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(config.host(), port));
        } catch (IOException e) {
            throw new StackException(processName + " cannot listen on " + config.host() + ":" + port
                    + ": the port is in use (" + e.getMessage() + "). Stop whatever holds it, or pick another port"
                    + " with " + portVariable + ".");
        }
    }

    private JdkFinder.Jdk modernJdk() {
        try {
            return JdkFinder.forThisMachine().require(21, JdkFinder.ANY);
        } catch (IllegalStateException e) {
            throw new StackException("Kafka and the services need Java 21 or newer: " + e.getMessage(), e);
        }
    }

    private JdkFinder.Jdk cassandraJdk() {
        try {
            return JdkFinder.forThisMachine().require(17, 17);
        } catch (IllegalStateException e) {
            throw new StackException("Cassandra 5.0 runs only on Java 17: " + e.getMessage(), e);
        }
    }

    private Optional<ChildProcess> child(String name) {
        return Optional.ofNullable(children.get(name));
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this LocalStack is closed");
        }
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /** Deletes a folder and all it holds (a stack's home, once the stack is closed). */
    public static void deleteTree(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new StackException("cannot delete " + folder + ": " + e.getMessage(), e);
        }
    }

    static List<String> splitOptions(String options) {
        return options == null || options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }
}
