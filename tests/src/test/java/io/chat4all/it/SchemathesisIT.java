package io.chat4all.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.chat4all.api.openapi.OpenApiEndpoint;
import io.chat4all.it.ApiClient.Response;
import io.chat4all.it.ApiClient.User;
import io.chat4all.stack.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.chat4all.it.ApiClient.require;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Schemathesis (PyPI, installed by {@code .ci/run}) fuzzes the running api against the OpenAPI document the api
 * itself serves: no answer may be a 5xx, and each must match the documented status codes, content types and schemas.
 * The run is authenticated, seeded and bounded, so a failure replays; its report is printed when it fails.
 */
@ExtendWith(TestStack.class)
class SchemathesisIT {
    private static final String CLI = "schemathesis";
    /** A fixed seed: the same run every time, so a failure can be replayed with {@code --seed}. */
    private static final long SEED = 20_260_601L;
    /** Test cases per operation and phase: about a minute of fuzzing on two cores. */
    private static final int MAX_EXAMPLES = 40;
    /** The hard bound on the whole run; a hanging request or api cannot hold the build longer. */
    private static final long TIMEOUT_SECONDS = 150;
    private static final Pattern SELECTED = Pattern.compile("Selected: (\\d+)/(\\d+)");
    private static final Pattern TESTED = Pattern.compile("Tested: (\\d+)");

    @Test
    void theApiAnswersAsItsOpenApiDocumentSays(LocalStack stack, ApiClient api, CassandraProbe cassandra)
            throws IOException, InterruptedException {
        Optional<String> version = installedVersion();
        if (version.isEmpty() && "true".equals(System.getenv("CI"))) {
            fail(CLI + " is not on the PATH: .ci/run installs it (python3 -m pip install schemathesis)");
        }
        assumeTrue(version.isPresent(), CLI + " is not installed: skipping the fuzzing run");

        // Real ids for the fuzzer to draw on, so that it reaches the answers of members and admins, not only 404s.
        User alice = api.newUser("fuzz-alice");
        User bob = api.newUser("fuzz-bob");
        UUID privateConversation = api.privateConversation(alice, bob);
        UUID group = api.groupConversation(alice, "fuzzed", List.of(bob));
        UUID message = RedeliveryIT.sendAndAwaitStored(api, cassandra, bob, privateConversation, "read me");

        Path work = Files.createDirectories(Path.of("target", "schemathesis").toAbsolutePath());
        Path config = Files.writeString(work.resolve("schemathesis.toml"),
                config(List.of(privateConversation, group), List.of(alice.id(), bob.id()), List.of(message)));
        Path report = work.resolve("report.txt");
        ProcessBuilder builder = new ProcessBuilder(CLI, "--config-file", config.toString(), "--no-color",
                "run", stack.apiUri().resolve("/openapi").toString(),
                "--seed", String.valueOf(SEED),
                "--max-examples", String.valueOf(MAX_EXAMPLES),
                "--request-timeout", "10",
                "--continue-on-failure",
                "--generation-database", "none")
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(report.toFile());
        // The token reaches the config through the environment: it stays out of files and the process list.
        builder.environment().put("CHAT4ALL_FUZZ_TOKEN", alice.token());

        Process run = builder.start();
        boolean finished = run.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            run.descendants().forEach(ProcessHandle::destroyForcibly);
            run.destroyForcibly().waitFor();
        }
        String output = Files.readString(report, StandardCharsets.UTF_8);
        assertTrue(finished, () -> CLI + " did not finish within " + TIMEOUT_SECONDS + " s:\n" + output);
        assertEquals(0, run.exitValue(), () -> version.get() + " found answers the document does not allow:\n" + output);
        assertEveryOperationTested(output);
    }

    /** Schemathesis leaves out the operation that serves the document it tests: that one is checked here. */
    @Test
    void theServedDocumentIsTheOneInTheSources(ApiClient api) throws IOException {
        Response served = require(api.get("/openapi", null), 200);
        assertTrue(served.contentType().startsWith("application/yaml"), served::contentType);
        try (InputStream source = SchemathesisIT.class.getClassLoader().getResourceAsStream(OpenApiEndpoint.RESOURCE)) {
            assertNotNull(source, OpenApiEndpoint.RESOURCE + " on the class path");
            assertEquals(new String(source.readAllBytes(), StandardCharsets.UTF_8), served.body());
        }
    }

    /**
     * The run's configuration: the checks (as Schemathesis names them), the caller's token, and half the ids it
     * generates replaced by real ones. {@code /observe/health} belongs to Helidon, which answers other methods
     * with 404, as the document says, so the 405 check skips it.
     */
    private static String config(List<UUID> conversations, List<UUID> users, List<UUID> messages) {
        return """
                headers = { Authorization = "Bearer ${CHAT4ALL_FUZZ_TOKEN}" }

                [checks]
                enabled = false
                not_a_server_error.enabled = true
                status_code_conformance.enabled = true
                content_type_conformance.enabled = true
                response_schema_conformance.enabled = true
                unsupported_method.enabled = true

                [dictionaries]
                conversations = { values = %s }
                users = { values = %s }
                messages = { values = %s }

                [parameters]
                "path.conversation_id" = { dictionary = "conversations", probability = 0.5 }
                "path.user_id" = { dictionary = "users", probability = 0.5 }
                "path.message_id" = { dictionary = "messages", probability = 0.5 }
                "body.conversation_id" = { dictionary = "conversations", probability = 0.5 }
                "body.member_id" = { dictionary = "users", probability = 0.5 }
                "body.member_ids[*]" = { dictionary = "users", probability = 0.5 }
                "body.user_id" = { dictionary = "users", probability = 0.5 }

                [[operations]]
                include-path = "/observe/health"
                checks.unsupported_method.enabled = false
                """.formatted(tomlStrings(conversations), tomlStrings(users), tomlStrings(messages));
    }

    private static String tomlStrings(List<UUID> ids) {
        return ids.stream().map(id -> "\"" + id + "\"").toList().toString();
    }

    /** A run that could not reach an operation (a schema it cannot generate for, say) would pass without testing it. */
    private static void assertEveryOperationTested(String output) {
        Matcher selected = SELECTED.matcher(output);
        Matcher tested = TESTED.matcher(output);
        assertTrue(selected.find() && tested.find(), () -> "no summary of operations in:\n" + output);
        assertEquals(selected.group(2), selected.group(1), () -> "every documented operation is selected:\n" + output);
        assertEquals(selected.group(1), tested.group(1), () -> "every selected operation is tested:\n" + output);
    }

    /** The installed CLI's version line, or empty when it is not on the PATH. */
    private static Optional<String> installedVersion() throws InterruptedException {
        try {
            Process process = new ProcessBuilder(CLI, "--version").redirectErrorStream(true).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.exitValue() == 0 ? Optional.of(version) : Optional.empty();
        } catch (IOException notInstalled) {
            return Optional.empty();
        }
    }
}
