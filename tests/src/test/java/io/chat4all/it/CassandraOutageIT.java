package io.chat4all.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.chat4all.contracts.MessageEvent;
import io.chat4all.contracts.MessageEventCodec;
import io.chat4all.contracts.Topics;
import io.chat4all.it.ApiClient.User;
import io.chat4all.stack.LocalStack;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * While Cassandra does not answer, the router neither skips records nor commits past them (however the driver reports
 * the outage: timeouts first, then failed connections), its readiness names the stalled partition once the outage
 * lasts; once Cassandra is back every record is stored, once. The outage is real: the Cassandra JVM is frozen with
 * SIGSTOP, then resumed.
 */
@ExtendWith(TestStack.class)
class CassandraOutageIT {
    private static final String ROUTER_GROUP = "chat4all-router";
    private static final int MESSAGES = 20;
    private static final String READINESS = "/observe/health/ready";

    @Test
    void routerHoldsItsOffsetsDuringAnOutageAndStoresEverythingAfter(LocalStack stack, ApiClient api,
                                                                     KafkaProbe kafka, CassandraProbe cassandra)
            throws Exception {
        ApiClient routerReadiness = new ApiClient(stack.routerUri());
        User alice = api.newUser("alice");
        UUID conversation = api.privateConversation(alice, api.newUser("bob"));
        Map<TopicPartition, Long> before = kafka.endOffsets(Topics.MESSAGES.name());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> caughtUp(kafka.committedOffsets(ROUTER_GROUP, Topics.MESSAGES.name()), before));

        List<UUID> ids = new ArrayList<>();
        long cassandraPid = pid(stack, "cassandra");
        signal("STOP", cassandraPid);
        try {
            for (int i = 0; i < MESSAGES; i++) {
                MessageEvent event = new MessageEvent(UUID.randomUUID(), conversation, alice.id(), Uuids.timeBased(),
                        "sent during the outage " + i, Instant.now());
                kafka.send(Topics.MESSAGES.name(), conversation.toString(), MessageEventCodec.encode(event));
                ids.add(event.messageId());
            }
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                    .until(() -> kafka.committedOffsets(ROUTER_GROUP, Topics.MESSAGES.name()).equals(before));

            // Past the stall threshold (30 s) the router is not ready, and says which partition waits.
            int partition = kafka.find(Topics.MESSAGES.name(), RedeliveryIT.carrying(ids.getFirst()), Duration.ofSeconds(30))
                    .orElseThrow().partition();
            await().atMost(Duration.ofSeconds(60)).until(() -> routerReadiness.get(READINESS, null).status() == 503);
            ApiClient.Response notReady = routerReadiness.get(READINESS, null);
            assertEquals(Topics.MESSAGES.name() + "-" + partition, notReady.json().findPath("stalled").asText(),
                    notReady.body());
        } finally {
            signal("CONT", cassandraPid);
        }

        Map<TopicPartition, Long> after = kafka.endOffsets(Topics.MESSAGES.name());
        await().atMost(Duration.ofSeconds(120))
                .until(() -> caughtUp(kafka.committedOffsets(ROUTER_GROUP, Topics.MESSAGES.name()), after));
        // The test's own session reconnects on the driver's schedule (it may lag the router's): read once it can.
        await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(AllNodesFailedException.class)
                .untilAsserted(() -> assertEquals(ids, cassandra.historyMessageIds(conversation),
                        "every record stored once, in order"));
        await().atMost(Duration.ofSeconds(30)).until(() -> routerReadiness.get(READINESS, null).status() == 200);
        // Leave the stack healthy for the next test: the api's own session reconnects too.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> api.get("/v1/conversations/" + conversation + "/messages", alice.token()).status() == 200);
    }

    private static boolean caughtUp(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> target) {
        return target.entrySet().stream().allMatch(e -> committed.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    private static long pid(LocalStack stack, String process) throws IOException {
        Path pidFile = stack.config().home().resolve("run").resolve(process + ".pid");
        return Long.parseLong(Files.readString(pidFile).strip());
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
    }
}
