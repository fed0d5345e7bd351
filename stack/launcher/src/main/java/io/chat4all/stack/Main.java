package io.chat4all.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The launcher's command line, run by {@code ./chat4all}: {@code up}, {@code down}, {@code status}, {@code reset}.
 * The project root is the system property {@code chat4all.root} (default: the working directory).
 */
public final class Main {

    private static final String USAGE = String.join(System.lineSeparator(),
            "usage: chat4all <command>",
            "  up       start the telemetry pipeline (Jaeger, the OpenTelemetry Collector, Prometheus), Kafka, Cassandra",
            "           and the services (" + instances() + "); Ctrl-C stops everything, and so does a process",
            "           that dies or stops answering its health check (exit status 1)",
            "  up --no-telemetry",
            "           the same without the telemetry pipeline: the services export nothing",
            "  down     stop the stack started by 'up' (and anything it left behind)",
            "  status   show each process: running or stopped, pid, address, health, and what went wrong last",
            "  reset    down, then delete the data folder (data, logs, generated secret)");

    private Main() {
    }

    public static void main(String[] args) {
        // Before any logger exists: the launcher's quiet logging config (a jar resource, not logback.xml, so it
        // never shadows the configuration of a project that has this jar on its classpath).
        System.setProperty("logback.configurationFile", "io/chat4all/stack/launcher-logback.xml");
        Path projectRoot = Path.of(System.getProperty("chat4all.root", "")).toAbsolutePath();
        String command = args.length == 1 || args.length == 2 && args[1].equals("--no-telemetry") ? args[0] : "";
        try {
            StackConfig config = StackConfig.local(projectRoot);
            if (args.length == 2) {
                if (!command.equals("up")) {
                    command = "";
                }
                config = config.withTelemetryMode(TelemetryMode.OFF);
            }
            switch (command) {
                case "up":
                    up(config);
                    break;
                case "down":
                    new StackControl(config, System.out).down();
                    break;
                case "status":
                    new StackControl(config, System.out).status();
                    break;
                case "reset":
                    new StackControl(config, System.out).reset();
                    break;
                default:
                    System.err.println(USAGE);
                    System.exit(2);
            }
        } catch (StackException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);   // runs the shutdown hook, which stops whatever 'up' had started
        }
    }

    /**
     * Starts everything that is built, prints where it is, and runs until SIGINT/SIGTERM, or until the
     * {@link Watchdog} finds a child dead or hung: then it stops the stack and exits with status 1.
     */
    private static void up(StackConfig config) {
        long startedNanos = System.nanoTime();
        StackProgress console = StackProgress.console(config.services());
        LocalStack stack = new LocalStack(config, console);
        Incidents incidents = new RunFolder(config.run()).incidents();
        CompletableFuture<String> failure = new CompletableFuture<>();
        Watchdog watchdog = new Watchdog(Watchdog.Limits.DEFAULT, incidents, console, failure::complete);
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            watchdog.close();
            stack.close();
        }, "chat4all-shutdown"));

        List<ServiceSpec> started;
        try {
            started = startAll(stack, config);
        } catch (StackException e) {
            if (stopping.get()) {
                return;   // Ctrl-C during startup: the shutdown hook is stopping what was started
            }
            throw e;
        }
        printSummary(stack, config, started, Duration.ofNanos(System.nanoTime() - startedNanos));
        stack.superviseWith(watchdog);
        watchdog.start();

        String reason = failure.join();
        console.report(RunFolder.LAUNCHER, "stopping the stack: " + reason);
        incidents.record(RunFolder.LAUNCHER, "stopped the stack: " + reason);
        System.exit(1);   // the shutdown hook stops the stack
    }

    /** The telemetry pipeline, Kafka and Cassandra, then the services whose jars are built; returns those services. */
    private static List<ServiceSpec> startAll(LocalStack stack, StackConfig config) {
        stack.startTelemetry();
        stack.startInfrastructure();
        List<ServiceSpec> built = new ArrayList<>();
        for (ServiceSpec service : config.services()) {
            Path jar = service.jar(config.projectRoot());
            if (Files.isRegularFile(jar)) {
                built.add(service);
            } else {
                StackProgress.console(config.services()).report(service.instance(), "not started: " + jar + " is not built");
            }
        }
        stack.startServices(built);
        return built;
    }

    private static void printSummary(LocalStack stack, StackConfig config, List<ServiceSpec> started,
                                     Duration took) {
        String line = "  %-" + StackControl.nameWidth(config.services()) + "s %s%n";
        System.out.println();
        System.out.println("Chat4All is up (" + LocalStack.seconds(took) + ")");
        // The api's address is the one to use; the others only answer their health and metrics endpoints.
        for (ServiceSpec service : started) {
            System.out.printf(line, service.instance(),
                    service.equals(Services.API) ? stack.uri(service) : stack.uri(service).resolve("/observe/health"));
        }
        System.out.printf(line, "kafka", stack.kafkaBootstrap());
        System.out.printf(line, "cassandra", config.host() + ":" + config.ports().cassandraCql());
        System.out.printf(line, "s3", config.host() + ":" + config.ports().s3() + " (bucket " + S3Server.BUCKET
                + "; the api stores files in " + config.home().resolve("files") + " unless CHAT4ALL_FILES_STORAGE=s3)");
        if (stack.telemetryEnabled()) {
            if (stack.hasTelemetry(TelemetryBackend.TRACE_STORE)) {
                System.out.printf(line, "traces", stack.traceStoreUri() + " (Jaeger; a trace: api/traces/<trace id>)");
            }
            if (stack.hasTelemetry(TelemetryBackend.PROMETHEUS)) {
                System.out.printf(line, "metrics", stack.prometheusUri() + " (Prometheus)");
            }
            System.out.printf(line, "otlp logs", stack.telemetryLogsFile());
        } else {
            System.out.printf(line, "telemetry", "off (the services export nothing)");
        }
        System.out.printf(line, "data", config.home());
        System.out.printf(line, "logs", config.logs());
        System.out.println("Press Ctrl-C to stop.");
    }

    private static String instances() {
        return String.join(", ", Services.ALL.stream().map(ServiceSpec::instance).toList());
    }
}
