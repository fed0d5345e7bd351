package io.chat4all.stack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/** {@code down}, {@code status} and {@code reset}: act on a stack through its home's pid files, from another JVM. */
final class StackControl {

    /** Enough for the launcher's own ordered shutdown: services, then Kafka and Cassandra (drain ~7 s). */
    private static final Duration LAUNCHER_STOP_GRACE = Duration.ofSeconds(90);
    private static final Duration CHILD_STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);
    /** Everything the launcher creates in a home; reset refuses to delete a folder holding anything else. */
    private static final Set<String> HOME_ENTRIES = Set.of("kafka", "cassandra", "logs", "run", "secrets", "guard",
            S3Server.NAME, "files", TelemetryPipeline.FOLDER);

    private final StackConfig config;
    private final RunFolder runFolder;
    private final PrintStream out;
    /** "%-10s": the name column, wide enough for every process of the table. */
    private final String nameColumn;

    StackControl(StackConfig config, PrintStream out) {
        this.config = config;
        this.runFolder = new RunFolder(config.run());
        this.out = out;
        this.nameColumn = "%-" + nameWidth(config.services()) + "s";
    }

    /** Ten characters, or more when an instance name needs them (one space always follows). */
    static int nameWidth(List<ServiceSpec> services) {
        return services.stream().mapToInt(service -> service.instance().length() + 1).reduce(10, Math::max);
    }

    /** SIGTERM to the launcher (it stops its children in order), then to any child left from a killed launcher. */
    void down() {
        boolean stoppedAny = stop(RunFolder.LAUNCHER, LAUNCHER_STOP_GRACE);
        for (ServiceSpec service : config.services()) {
            stoppedAny |= stop(service.instance(), CHILD_STOP_GRACE);
        }
        for (String child : List.of(KafkaBroker.NAME, CassandraNode.NAME, S3Server.NAME)) {
            stoppedAny |= stop(child, CHILD_STOP_GRACE);
        }
        for (TelemetryBackend backend : TelemetryBackend.values()) {
            stoppedAny |= stop(backend.processName(), CHILD_STOP_GRACE);
        }
        runFolder.deleteStalePidFiles();
        if (!stoppedAny) {
            out.println("nothing running from " + config.home());
        }
    }

    /** Each process's state now, and under it what the launcher recorded going wrong in this or the last run. */
    void status() {
        Map<String, Incidents.Incident> incidents = runFolder.incidents().all();
        print(RunFolder.LAUNCHER, "", incidents);
        print(KafkaBroker.NAME, portState(config.ports().kafka()), incidents);
        print(CassandraNode.NAME, portState(config.ports().cassandraCql()), incidents);
        print(S3Server.NAME, portState(config.ports().s3()), incidents);
        for (TelemetryBackend backend : TelemetryBackend.values()) {
            print(backend.processName(), portState(config.telemetry().ports().of(backend.ports().get(0))), incidents);
        }
        HealthProbe probe = new HealthProbe(HEALTH_TIMEOUT);
        for (ServiceSpec service : config.services()) {
            URI health = service.healthUri(config.host(), config.ports());
            print(service.instance(), health + "  " + probe.check(health), incidents);
        }
        out.printf(nameColumn + " %s%n", "home", config.home());
    }

    /** {@link #down()}, then deletes the home folder: all data, logs and the generated JWT secret. */
    void reset() {
        down();
        Path home = config.home();
        if (!Files.exists(home)) {
            out.println("nothing to delete: " + home + " does not exist");
            return;
        }
        requireOnlyLauncherFiles(home);
        LocalStack.deleteTree(home);
        out.println("deleted " + home);
    }

    private boolean stop(String name, Duration grace) {
        Optional<ProcessHandle> process = runFolder.process(name);
        if (process.isEmpty()) {
            return false;
        }
        ProcessHandle handle = process.get();
        out.printf(nameColumn + " stopping pid %d%n", name, handle.pid());
        handle.destroy();
        try {
            handle.onExit().get(grace.toSeconds(), TimeUnit.SECONDS);
            out.printf(nameColumn + " stopped%n", name);
        } catch (TimeoutException | ExecutionException e) {
            handle.destroyForcibly();
            out.printf(nameColumn + " killed after %d s%n", name, grace.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while stopping " + name, e);
        }
        return true;
    }

    /** "api        running  pid 4242     <detail>" or "api        stopped", then its incident if any. */
    private void print(String name, String detail, Map<String, Incidents.Incident> incidents) {
        out.println(runFolder.process(name)
                .map(handle -> String.format(nameColumn + " running  pid %-8d %s", name, handle.pid(), detail)
                        .stripTrailing())
                .orElse(String.format(nameColumn + " stopped", name)));
        Incidents.Incident incident = incidents.get(name);
        if (incident != null) {
            out.printf(nameColumn + " %s: %s%n", "", incident.at(), incident.what());
        }
    }

    private String portState(int port) {
        String address = config.host() + ":" + port;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(config.host(), port), 500);
            return address + "  accepting connections";
        } catch (IOException e) {
            return address + "  not accepting connections";
        }
    }

    private void requireOnlyLauncherFiles(Path home) {
        try (Stream<Path> entries = Files.list(home)) {
            List<String> foreign = entries.map(entry -> entry.getFileName().toString())
                    .filter(name -> !HOME_ENTRIES.contains(name))
                    .sorted()
                    .toList();
            if (!foreign.isEmpty()) {
                throw new StackException("refusing to delete " + home + ": it holds " + foreign
                        + ", which the launcher did not create. Check CHAT4ALL_HOME.");
            }
        } catch (IOException e) {
            throw new StackException("cannot list " + home + ": " + e.getMessage(), e);
        }
    }
}
