package io.chat4all.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watchdog's decisions, with real child JVMs and a scripted liveness probe. */
class WatchdogTest {

    private static final Watchdog.Limits THREE_IN_A_ROW =
            new Watchdog.Limits(Duration.ofSeconds(5), Duration.ofSeconds(5), 3);
    private static final URI LIVENESS = URI.create("http://127.0.0.1:1/observe/health/live");
    private static final HealthProbe.Result HEALTHY = new HealthProbe.Result(HealthProbe.Outcome.HEALTHY, "200");
    private static final HealthProbe.Result SILENT =
            new HealthProbe.Result(HealthProbe.Outcome.NOT_ANSWERING, "no answer within 5.0 s");
    private static final HealthProbe.Result DOWN =
            new HealthProbe.Result(HealthProbe.Outcome.UNHEALTHY, "503 {\"status\":\"DOWN\"}");

    @TempDir
    Path home;

    private final List<String> console = new CopyOnWriteArrayList<>();
    private final List<String> stops = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> firstStop = new CompletableFuture<>();
    private final Deque<HealthProbe.Result> answers = new ArrayDeque<>();
    private final List<URI> probed = new ArrayList<>();
    private final List<ChildProcess> started = new ArrayList<>();
    private Incidents incidents;
    private Watchdog watchdog;

    @AfterEach
    void stopChildren() {
        watchdog.close();
        started.stream().filter(ChildProcess::isAlive).forEach(ChildProcess::kill);
    }

    @Test
    void aChildThatExitsUnexpectedlyStopsTheStackAndIsRecordedWithItsCause() {
        watchdog = watchdog(THREE_IN_A_ROW);
        ChildProcess api = start("api", TestMains.Hog.class, "-Xmx32m", "-XX:+ExitOnOutOfMemoryError");
        assertTrue(api.exitsWithin(Duration.ofSeconds(30)));

        watchdog.exitedUnexpectedly(api);

        String what = "exited unexpectedly with code 3 (Terminating due to java.lang.OutOfMemoryError: Java heap"
                + " space); see " + home.resolve("logs/api.log");
        assertEquals(List.of("api " + what), stops);
        assertEquals(Optional.of(what), incident("api"));
    }

    @Test
    void onlyTheFirstFailureStopsTheStack() {
        watchdog = watchdog(THREE_IN_A_ROW);
        ChildProcess kafka = start("kafka", TestMains.Crash.class);
        ChildProcess cassandra = start("cassandra", TestMains.Crash.class);
        assertTrue(kafka.exitsWithin(Duration.ofSeconds(30)) && cassandra.exitsWithin(Duration.ofSeconds(30)));

        watchdog.exitedUnexpectedly(kafka);
        watchdog.exitedUnexpectedly(cassandra);

        assertEquals(1, stops.size(), stops.toString());
        assertTrue(stops.get(0).startsWith("kafka exited unexpectedly with code 3; see "), stops.get(0));
    }

    @Test
    void livenessFailuresStopTheStackOnlyWhenTheyComeInARow() {
        watchdog = watchdog(THREE_IN_A_ROW);
        ChildProcess api = start("api", TestMains.Block.class);
        watchdog.watchLiveness(api, LIVENESS);

        answer(SILENT, DOWN);
        watchdog.checkLiveness();
        watchdog.checkLiveness();
        assertEquals(List.of(), stops, "two failures are not yet a hung service");
        assertEquals(Optional.of("failed its liveness check 2 times in a row (unhealthy: 503 {\"status\":\"DOWN\"})"),
                incident("api"));
        assertEquals(List.of(
                "api: failed its liveness check 1 time in a row (not answering: no answer within 5.0 s);"
                        + " the stack stops after 3",
                "api: failed its liveness check 2 times in a row (unhealthy: 503 {\"status\":\"DOWN\"});"
                        + " the stack stops after 3"), console);

        answer(HEALTHY);
        watchdog.checkLiveness();
        assertEquals(Optional.empty(), incident("api"), "an answer forgives the failures before it");
        assertEquals("api: answers its liveness check again", console.get(console.size() - 1));

        answer(SILENT, SILENT, SILENT);
        watchdog.checkLiveness();
        watchdog.checkLiveness();
        assertEquals(List.of(), stops, "the count started again after the answer");
        watchdog.checkLiveness();

        String what = "failed its liveness check 3 times in a row (not answering: no answer within 5.0 s)";
        assertEquals(List.of("api " + what), stops);
        assertEquals(Optional.of(what), incident("api"));
        assertEquals(List.of(LIVENESS, LIVENESS, LIVENESS, LIVENESS, LIVENESS, LIVENESS), probed);
    }

    @Test
    void aServiceStoppedOnPurposeIsNeitherProbedNorAFailure() {
        watchdog = watchdog(THREE_IN_A_ROW);
        ChildProcess router = start("router", TestMains.Block.class);
        watchdog.watchLiveness(router, LIVENESS);

        router.terminate();
        router.awaitExit(Duration.ofSeconds(10));
        watchdog.checkLiveness();

        assertEquals(List.of(), probed);
        assertEquals(List.of(), stops);
    }

    @Test
    void aClosedWatchdogTakesNothingForAFailure() {
        watchdog = watchdog(new Watchdog.Limits(Duration.ofSeconds(5), Duration.ofSeconds(5), 1));
        ChildProcess api = start("api", TestMains.Block.class);
        watchdog.watchLiveness(api, LIVENESS);
        ChildProcess kafka = start("kafka", TestMains.Crash.class);
        assertTrue(kafka.exitsWithin(Duration.ofSeconds(30)));

        watchdog.close();
        answer(SILENT);
        watchdog.checkLiveness();
        watchdog.exitedUnexpectedly(kafka);

        assertEquals(List.of(), stops);
        assertEquals(Map.of(), incidents.all());
    }

    @Test
    void startedItChecksOnItsOwnEveryInterval() throws Exception {
        watchdog = watchdog(new Watchdog.Limits(Duration.ofMillis(50), Duration.ofSeconds(5), 2));
        ChildProcess api = start("api", TestMains.Block.class);
        watchdog.watchLiveness(api, LIVENESS);
        answer(SILENT, SILENT);

        watchdog.start();

        assertEquals("api failed its liveness check 2 times in a row (not answering: no answer within 5.0 s)",
                firstStop.get(10, TimeUnit.SECONDS));
    }

    private Watchdog watchdog(Watchdog.Limits limits) {
        incidents = new Incidents(home.resolve("run"));
        return new Watchdog(limits, this::probe, incidents, (process, message) -> console.add(process + ": " + message),
                reason -> {
                    stops.add(reason);
                    firstStop.complete(reason);
                });
    }

    private synchronized HealthProbe.Result probe(URI endpoint) {
        probed.add(endpoint);
        return answers.isEmpty() ? HEALTHY : answers.removeFirst();
    }

    private synchronized void answer(HealthProbe.Result... results) {
        answers.addAll(List.of(results));
    }

    private Optional<String> incident(String process) {
        return Optional.ofNullable(incidents.all().get(process)).map(Incidents.Incident::what);
    }

    private ChildProcess start(String name, Class<?> main, String... jvmOptions) {
        StackConfig config = new StackConfig(Path.of("."), home, "127.0.0.1", StackPorts.defaults());
        ChildProcess child = new ChildLauncher(config, new RunFolder(config.run())).launch(new ChildLauncher.JvmSpec(
                name, TestMains.THIS_JDK, List.of(jvmOptions), List.of(System.getProperty("java.class.path")), main.getName(),
                List.of(), Map.of()));
        started.add(child);
        return child;
    }
}
