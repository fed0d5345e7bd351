package io.chat4all.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import io.chat4all.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A single-node KRaft Kafka (broker and controller in one JVM), data in {@code <home>/kafka/data}.
 * Storage is formatted once; its cluster id then stays, so topics and offsets survive restarts.
 */
final class KafkaBroker {

    static final String NAME = "kafka";

    /** The topics the services use, with their partition counts. */
    static final Map<String, Integer> TOPICS = topics();

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TOPICS_TIMEOUT = Duration.ofSeconds(30);
    private static final long CALL_TIMEOUT_SECONDS = 3;
    /**
     * Like every child: a broker out of heap exits (and the launcher sees it) instead of limping on half dead. The JVM
     * that creates the broker's AOT cache runs with them too.
     */
    static final List<String> HEAP_OPTIONS = List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError");

    private final StackConfig config;
    private final Path dir;

    KafkaBroker(StackConfig config) {
        this.config = config;
        this.dir = config.home().resolve(NAME);
    }

    String bootstrapServers() {
        return config.host() + ":" + config.ports().kafka();
    }

    /**
     * Writes its config, formats storage on first use, and starts the broker.
     *
     * @param aotOptions the broker's AOT cache options ({@link AotCaches}): the broker's alone, not the storage tool's
     */
    ChildProcess start(ChildLauncher launcher, JdkFinder.Jdk jdk, List<String> aotOptions) {
        Path properties = ConfigFiles.write(dir.resolve("server.properties"), serverProperties());
        Path logging = ConfigFiles.write(dir.resolve("log4j2.xml"), ConfigFiles.resource("kafka-log4j2.xml"));
        List<String> options = new ArrayList<>(HEAP_OPTIONS);
        options.add("-Dlog4j2.configurationFile=" + logging);
        if (!Files.exists(dataDir().resolve("meta.properties"))) {
            format(launcher, jdk, options, properties);
        }
        options.addAll(aotOptions);
        return launcher.launch(jvm(jdk, options, "kafka.Kafka", List.of(properties.toString())));
    }

    /** Kafka's runtime: every jar of it. */
    List<String> classpath() {
        return List.of(ConfigFiles.jarsIn(config.projectRoot().resolve("stack/kafka-runtime/target/lib"),
                "Kafka's runtime"));
    }

    /** Waits until the broker answers a cluster description. */
    void awaitReady(ChildProcess broker, BooleanSupplier cancelled) {
        try (Admin admin = admin()) {
            Readiness.await(broker, "become ready", READY_TIMEOUT, cancelled, () -> {
                var nodes = admin.describeCluster().nodes().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return nodes.isEmpty() ? Optional.empty() : Optional.of(nodes);
            });
        }
    }

    /**
     * Creates the topics that are missing (replication factor 1) and waits until every one is in the metadata
     * with a leader for each partition: right after creation the broker's metadata can still lag.
     *
     * @return a summary like "messages (6 partitions), messages.dlq (1 partition)"
     */
    String ensureTopics(ChildProcess broker, BooleanSupplier cancelled) {
        try (Admin admin = admin()) {
            List<NewTopic> topics = new ArrayList<>();
            TOPICS.forEach((name, partitions) -> topics.add(new NewTopic(name, partitions, (short) 1)));
            admin.createTopics(topics).values().forEach((name, created) -> awaitCreated(name, created));

            Map<String, TopicDescription> described = Readiness.await(broker, "show its topics", TOPICS_TIMEOUT,
                    cancelled, () -> {
                        Map<String, TopicDescription> descriptions = admin.describeTopics(TOPICS.keySet())
                                .allTopicNames().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                        boolean led = descriptions.values().stream()
                                .flatMap(topic -> topic.partitions().stream())
                                .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
                        return led ? Optional.of(descriptions) : Optional.empty();
                    });
            return TOPICS.keySet().stream()
                    .map(name -> describePartitions(name, described.get(name).partitions().size()))
                    .collect(Collectors.joining(", "));
        }
    }

    String serverProperties() {
        String host = config.host();
        StackPorts ports = config.ports();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", "1");
        // A static quorum: the voter's address comes from this file on every start, so ports may change.
        properties.put("controller.quorum.voters", "1@" + host + ":" + ports.kafkaController());
        properties.put("listeners", "PLAINTEXT://" + host + ":" + ports.kafka() + ",CONTROLLER://" + host + ":"
                + ports.kafkaController());
        properties.put("advertised.listeners", "PLAINTEXT://" + host + ":" + ports.kafka());
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        properties.put("log.dirs", dataDir().toString());
        // One node: every internal topic must do with a single replica.
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        properties.put("group.initial.rebalance.delay.ms", "0");
        return properties.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(System.lineSeparator(), "", System.lineSeparator()));
    }

    private void format(ChildLauncher launcher, JdkFinder.Jdk jdk, List<String> options, Path properties) {
        ChildProcess tool = launcher.launch(jvm(jdk, options, "kafka.tools.StorageTool",
                List.of("format", "-t", Uuid.randomUuid().toString(), "-c", properties.toString())));
        if (!tool.exitsWithin(FORMAT_TIMEOUT)) {
            tool.kill();
            throw new StackException("formatting Kafka's storage did not finish within " + FORMAT_TIMEOUT.toSeconds()
                    + " s; last log lines:" + System.lineSeparator() + tool.recentLog(30));
        }
        if (tool.exitCode() != 0) {
            throw new StackException("formatting Kafka's storage failed (exit code " + tool.exitCode()
                    + "); last log lines:" + System.lineSeparator() + tool.recentLog(30));
        }
    }

    private ChildLauncher.JvmSpec jvm(JdkFinder.Jdk jdk, List<String> options, String mainClass, List<String> args) {
        return new ChildLauncher.JvmSpec(NAME, jdk, options, classpath(), mainClass, args, Map.of());
    }

    private Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "chat4all-launcher",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
    }

    private Path dataDir() {
        return dir.resolve("data");
    }

    private static void awaitCreated(String topic, KafkaFuture<Void> created) {
        try {
            created.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new StackException("cannot create Kafka topic " + topic + ": " + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while creating Kafka topic " + topic, e);
        } catch (TimeoutException e) {
            throw new StackException("creating Kafka topic " + topic + " took over 30 s", e);
        }
    }

    private static String describePartitions(String topic, int partitions) {
        return topic + " (" + partitions + (partitions == 1 ? " partition)" : " partitions)");
    }

    private static Map<String, Integer> topics() {
        Map<String, Integer> topics = new LinkedHashMap<>();
        Topics.all().forEach(topic -> topics.put(topic.name(), topic.partitions()));
        return Collections.unmodifiableMap(topics);
    }
}
