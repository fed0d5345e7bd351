package io.chat4all.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

/**
 * A single Cassandra 5.0 node in its own Java 17 JVM (it dies on newer Java), data in {@code <home>/cassandra/data}.
 * Ready when its CQL port accepts a driver session; then the repository's schema is applied, statement by statement.
 */
final class CassandraNode {

    static final String NAME = "cassandra";

    /** SimpleSnitch's one datacenter. */
    static final String DATACENTER = "datacenter1";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration SCHEMA_STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    private static final String SCHEMA_RESOURCE = "/cassandra/schema.cql";

    /** The module flags of Cassandra's own conf/jvm17-server.options, without which it cannot start on 17. */
    private static final List<String> JVM17_MODULE_OPTIONS = List.of(
            "-Djdk.attach.allowAttachSelf=true",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
            "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
            "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports", "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.io=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens", "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED",
            "-Dio.netty.tryReflectionSetAccessible=true");

    private final StackConfig config;
    private final Path dir;

    CassandraNode(StackConfig config) {
        this.config = config;
        this.dir = config.home().resolve(NAME);
    }

    InetSocketAddress contactPoint() {
        return new InetSocketAddress(config.host(), config.ports().cassandraCql());
    }

    /**
     * @param extraOptions JVM options after ours, so they win: the GC log the launcher wants, then experiments
     *                     ({@code CHAT4ALL_CASSANDRA_JVM_OPTIONS})
     */
    ChildProcess start(ChildLauncher launcher, JdkFinder.Jdk jdk, List<String> extraOptions) {
        Path yaml = ConfigFiles.write(dir.resolve("cassandra.yaml"), yaml());
        Path logging = ConfigFiles.write(dir.resolve("logback.xml"), ConfigFiles.resource("cassandra-logback.xml"));
        List<String> options = new ArrayList<>(List.of(
                // A fixed heap (-Xms = -Xmx), as Cassandra's own jvm-server.options advise.
                "-Xms1g", "-Xmx1g",
                "-XX:+ExitOnOutOfMemoryError",
                "-Dcassandra.config=" + yaml.toUri(),
                "-Dcassandra.storagedir=" + dir.resolve("data"),
                "-Dcassandra.triggers_dir=" + ConfigFiles.directory(dir.resolve("triggers")),
                "-Dcassandra-foreground=yes",
                "-Dlogback.configurationFile=" + logging,
                // A single node has no peers to wait for.
                "-Dcassandra.skip_wait_for_gossip_to_settle=0",
                "-Dcassandra.ring_delay_ms=0",
                "-Dcassandra.superuser_setup_delay_ms=0"));
        options.addAll(JVM17_MODULE_OPTIONS);
        options.addAll(extraOptions);
        String classpath = ConfigFiles.jarsIn(
                config.projectRoot().resolve("stack/cassandra-runtime/target/lib"), "Cassandra's runtime");
        return launcher.launch(new ChildLauncher.JvmSpec(NAME, jdk, options, List.of(classpath),
                "org.apache.cassandra.service.CassandraDaemon", List.of(), Map.of()));
    }

    /** Waits until the CQL port is open and a driver session connects; the caller closes the session. */
    CqlSession awaitReady(ChildProcess node, BooleanSupplier cancelled) {
        return Readiness.await(node, "become ready", READY_TIMEOUT, cancelled,
                () -> portOpen() ? Optional.of(connect()) : Optional.empty());
    }

    /** Executes the repository's schema (idempotent: IF NOT EXISTS throughout); returns the statement count. */
    int applySchema(CqlSession session) {
        List<String> statements = CqlScript.statements(ConfigFiles.resource(SCHEMA_RESOURCE));
        for (String statement : statements) {
            try {
                session.execute(SimpleStatement.newInstance(statement).setTimeout(SCHEMA_STATEMENT_TIMEOUT));
            } catch (RuntimeException e) {
                throw new StackException("schema statement failed: " + e.getMessage() + System.lineSeparator()
                        + statement, e);
            }
        }
        return statements.size();
    }

    String yaml() {
        String host = config.host();
        return """
                # Written by the Chat4All launcher on every start; edits are overwritten.
                cluster_name: chat4all
                num_tokens: 1
                partitioner: org.apache.cassandra.dht.Murmur3Partitioner
                endpoint_snitch: SimpleSnitch
                seed_provider:
                  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
                    parameters:
                      - seeds: "%s:%d"
                listen_address: %s
                rpc_address: %s
                storage_port: %d
                native_transport_port: %d
                start_native_transport: true
                auto_snapshot: false
                # Memtable cells off the heap, so young collections do not copy what lives until the next flush.
                memtable_allocation_type: offheap_objects
                commitlog_sync: periodic
                commitlog_sync_period: 10000ms
                """.formatted(host, config.ports().cassandraStorage(), host, host,
                config.ports().cassandraStorage(), config.ports().cassandraCql());
    }

    private boolean portOpen() {
        try (Socket socket = new Socket()) {
            socket.connect(contactPoint(), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private CqlSession connect() {
        return CqlSession.builder()
                .addContactPoint(contactPoint())
                .withLocalDatacenter(DATACENTER)
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        // The launcher never reads schema metadata; refreshing it after each DDL statement is
                        // debounced by 1 s, which made the first schema application take ~12 s.
                        .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, SCHEMA_STATEMENT_TIMEOUT)
                        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(5))
                        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(5))
                        .build())
                .build();
    }
}
