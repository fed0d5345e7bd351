package io.chat4all.kit;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ExitOnDeathTest {
    @Test
    void aDyingThreadExitsTheProcessNonZero() throws Exception {
        CompletableFuture<Integer> exitCode = new CompletableFuture<>();

        Thread.ofPlatform().uncaughtExceptionHandler(new ExitOnDeath("the consumer loop", exitCode::complete))
                .start(() -> {
                    throw new IllegalStateException("fatal Kafka error");
                });

        assertEquals(ExitOnDeath.EXIT_CODE, exitCode.get(10, TimeUnit.SECONDS));
        assertEquals(70, ExitOnDeath.EXIT_CODE);
    }
}
