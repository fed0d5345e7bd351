package io.chat4all.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.chat4all.stack.LocalStack;
import io.chat4all.stack.Services;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's walkthroughs work as written, against the real stack: each bash block between
 * {@code <!-- readme-examples:start [name] -->} and {@code <!-- readme-examples:end -->} runs on its own.
 */
@ExtendWith(TestStack.class)
class ReadmeExamplesIT {
    private static final Pattern BLOCK = Pattern.compile(
            "<!-- readme-examples:start ?([a-z-]*) -->\\s*```bash(.*?)```\\s*<!-- readme-examples:end -->", Pattern.DOTALL);

    @Test
    void messagingWalkthroughRunsAsWritten(LocalStack stack) throws IOException, InterruptedException {
        String output = run(stack, "", 60);
        assertTrue(output.contains("\"text\": \"Hello Bob!\""), output);
        assertTrue(output.contains("\"status\": \"READ\""), output);
    }

    @Test
    void deliveryAndOutageWalkthroughRunsAsWritten(LocalStack stack) throws IOException, InterruptedException {
        String output = run(stack, "delivery", 180);
        assertTrue(output.contains("{\"status\":\"READ\",\"channel\":\"whatsapp\",\"history\":[\"ACCEPTED\",\"SENT\","
                + "\"DELIVERED\",\"READ\"]}"), output);
        assertTrue(output.contains("\"sends\":1}"), output);
        assertTrue(output.contains("{\"status\":\"PENDING\",\"channel\":\"whatsapp\""), output);
        assertTrue(output.contains("\"breaker\":\"OPEN\""), output);
        assertEquals(4, output.split("\"history\":\\[\"ACCEPTED\",\"SENT\"(,\"PENDING\")?,\"DELIVERED\",\"READ\"]")
                .length - 1, () -> "every message READ in the end: " + output);
    }

    /** Runs the named block with the stack's addresses in API, PROVIDER and CONNECTOR; returns its output. */
    private static String run(LocalStack stack, String name, int timeoutSeconds) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("chat4all.root", "..")).toAbsolutePath().normalize();
        Matcher blocks = BLOCK.matcher(Files.readString(root.resolve("README.md")));
        String script = null;
        while (blocks.find()) {
            if (blocks.group(1).equals(name)) {
                script = blocks.group(2);
            }
        }
        assertTrue(script != null, "the README has no example block named '" + name + "'");

        Path log = Files.createTempFile("readme-examples", ".log");
        ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map.of("API", stack.apiUri(), "PROVIDER", stack.uri(Services.PROVIDER_SIM),
                        "CONNECTOR", stack.uri(Services.CONNECTOR_WHATSAPP))
                .forEach((variable, uri) -> builder.environment().put(variable, uri.toString().replaceAll("/$", "")));
        Process run = builder.start();
        boolean finished = run.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        run.destroyForcibly();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(finished, () -> "examples did not finish: " + output);
        assertEquals(0, run.exitValue(), output);
        return output;
    }
}
