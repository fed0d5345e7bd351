package io.chat4all.kit.telemetry;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class CapturedContextTest {
    private final SdkTracerProvider tracers = SdkTracerProvider.builder().build();
    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void close() {
        other.shutdownNow();
        tracers.close();
        MDC.clear();
    }

    @Test
    @SuppressWarnings("try")
    void aCallbackOnAnotherThreadRunsUnderTheCapturedSpanAndLogFieldsAndLeavesThatThreadAsItWas() throws Exception {
        other.submit(() -> MDC.put(LogFields.MESSAGE_ID, "the other thread's own")).get();
        UUID message = UUID.randomUUID();
        Span span = tracers.get("test").spanBuilder("handle").startSpan();
        CapturedContext captured;
        try (Scope ignored = span.makeCurrent();
             LogFields.Restore fields = LogFields.put(LogFields.message(message, null))) {
            captured = CapturedContext.capture();
        }
        AtomicReference<String> traceSeen = new AtomicReference<>();
        AtomicReference<String> messageSeen = new AtomicReference<>();

        CompletableFuture.supplyAsync(() -> "driver answer", other)
                .thenApply(captured.wrap(answer -> {
                    traceSeen.set(Span.current().getSpanContext().getTraceId());
                    messageSeen.set(MDC.get(LogFields.MESSAGE_ID));
                    return answer;
                })).get();

        assertEquals(span.getSpanContext().getTraceId(), traceSeen.get());
        assertEquals(message.toString(), messageSeen.get());
        assertEquals("the other thread's own", other.submit(() -> MDC.get(LogFields.MESSAGE_ID)).get());
        assertFalse(other.submit(() -> Span.current().getSpanContext().isValid()).get());
        assertNull(MDC.get(LogFields.MESSAGE_ID), "the capturing thread's fields were put back as well");
        assertEquals(Context.root(), Context.current());
    }

    @Test
    void logFieldsAreTakenOutAgainAndWhatWasThereComesBack() {
        MDC.put(LogFields.MESSAGE_ID, "outer");
        try (LogFields.Restore ignored = LogFields.put(Map.of(LogFields.MESSAGE_ID, "inner",
                LogFields.CONVERSATION_ID, "c"))) {
            assertEquals("inner", MDC.get(LogFields.MESSAGE_ID));
            assertEquals("c", MDC.get(LogFields.CONVERSATION_ID));
        }
        assertEquals("outer", MDC.get(LogFields.MESSAGE_ID));
        assertNull(MDC.get(LogFields.CONVERSATION_ID));
    }
}
