package io.chat4all.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
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

    /** The files walkthrough continues the first one, in the same shell. */
    @Test
    void messagingAndFilesWalkthroughsRunAsWritten(LocalStack stack) throws IOException, InterruptedException {
        String output = run(stack, List.of("", "files"), 90);
        assertTrue(output.contains("\"text\": \"Hello Bob!\""), output);
        assertTrue(output.contains("\"status\": \"READ\""), output);
        assertTrue(output.contains("\"sha256\": \"" + sha256("quarterly numbers\n") + "\""), output);
        assertTrue(output.contains("\"file_id\": \""), output);
    }

    @Test
    void deliveryAndOutageWalkthroughRunsAsWritten(LocalStack stack) throws IOException, InterruptedException {
        String output = run(stack, List.of("delivery"), 180);
        assertTrue(output.contains("{\"status\":\"READ\",\"channel\":\"whatsapp\",\"history\":[\"ACCEPTED\",\"SENT\","
                + "\"DELIVERED\",\"READ\"]}"), output);
        assertTrue(output.contains("\"sends\":1}"), output);
        assertTrue(output.contains("{\"status\":\"PENDING\",\"channel\":\"whatsapp\""), output);
        assertTrue(output.contains("\"breaker\":\"OPEN\""), output);
        assertTrue(output.contains("WhatsApp fetched the file: sha256 " + sha256("menu of the day\n")), output);
        assertEquals(5, output.split("\"history\":\\[\"ACCEPTED\",\"SENT\"(,\"PENDING\")?,\"DELIVERED\",\"READ\"]")
                .length - 1, () -> "every message READ in the end: " + output);
    }

    /**
     * Runs the named blocks, in order, as one script with the stack's addresses in API, PROVIDER and CONNECTOR;
     * returns its output.
     */
    private static String run(LocalStack stack, List<String> names, int timeoutSeconds)
            throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("chat4all.root", "..")).toAbsolutePath().normalize();
        Map<String, String> blocks = new HashMap<>();
        Matcher block = BLOCK.matcher(Files.readString(root.resolve("README.md")));
        while (block.find()) {
            blocks.put(block.group(1), block.group(2));
        }
        StringBuilder script = new StringBuilder();
        for (String name : names) {
            assertTrue(blocks.containsKey(name), "the README has no example block named '" + name + "'");
            script.append(blocks.get(name)).append('\n');
        }

        Path log = Files.createTempFile("readme-examples", ".log");
        ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script.toString())
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

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
