package io.chat4all.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.chat4all.api.ApiServer;
import io.chat4all.it.ApiClient.Response;
import io.chat4all.it.ApiClient.User;
import io.chat4all.stack.LocalStack;
import io.chat4all.stack.Services;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.chat4all.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without a reachable broker the api says 503 with Retry-After in bounded time: no hang, no 500, no false 202. */
@ExtendWith(TestStack.class)
class KafkaUnavailableIT {

    @Test
    void sendAnswers503WithRetryAfterWhenKafkaIsDown(LocalStack stack, ApiClient shared) throws IOException {
        User alice = shared.newUser("alice");
        UUID conversation = shared.privateConversation(alice, shared.newUser("bob"));

        Map<String, String> env = stack.serviceEnvironment(Services.API);
        Config config = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .sources(ConfigSources.create(Map.of(
                        "server.port", "0",
                        "server.host", "127.0.0.1",
                        "kafka.servers", "127.0.0.1:" + closedPort(),
                        "cassandra.host", env.get("CASSANDRA_HOST"),
                        "cassandra.port", env.get("CASSANDRA_PORT"),
                        "auth.secret", env.get("AUTH_SECRET"))),
                        ConfigSources.classpath("application.yaml"))
                .build();

        try (ApiServer withoutKafka = ApiServer.start(config)) {
            ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + withoutKafka.port()));
            Instant start = Instant.now();
            Response response = api.send(alice, conversation, "is anybody there?");
            Duration took = Duration.between(start, Instant.now());

            assertProblem(response, 503);
            assertTrue(response.headers().firstValue("Retry-After").isPresent(), "503 tells the client when to retry");
            assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "answered in bounded time, took " + took);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
