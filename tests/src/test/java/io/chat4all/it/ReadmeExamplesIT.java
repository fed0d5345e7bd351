package io.chat4all.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.chat4all.stack.LocalStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's curl walkthrough works as written, against the real stack. */
@ExtendWith(TestStack.class)
class ReadmeExamplesIT {

    @Test
    void curlExamplesRunAsWritten(LocalStack stack) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("chat4all.root", "..")).toAbsolutePath().normalize();
        String readme = Files.readString(root.resolve("README.md"));
        String block = readme.substring(readme.indexOf("<!-- readme-examples:start -->"),
                readme.indexOf("<!-- readme-examples:end -->"));
        String script = block.substring(block.indexOf("```bash") + "```bash".length(), block.lastIndexOf("```"));

        Path log = Files.createTempFile("readme-examples", ".log");
        ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("API", stack.apiUri().toString().replaceAll("/$", ""));
        Process run = builder.start();
        boolean finished = run.waitFor(60, TimeUnit.SECONDS);
        run.destroyForcibly();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(finished, () -> "examples did not finish: " + output);

        assertEquals(0, run.exitValue(), output);
        assertTrue(output.contains("\"text\": \"Hello Bob!\""), output);
        assertTrue(output.contains("\"status\": \"READ\""), output);
    }
}
