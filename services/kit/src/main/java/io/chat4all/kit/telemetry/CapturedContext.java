package io.chat4all.kit.telemetry;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.slf4j.MDC;

/**
 * The trace context and log fields of the thread that captured it, to bring along where work continues on another
 * thread: a Cassandra driver or HTTP client callback, a timer. Such threads have neither, so without it a span started
 * there (a Cassandra query, a Kafka send, an HTTP call) would begin a new trace, and a log line would lose its
 * {@code trace_id} and {@code message_id}.
 */
public final class CapturedContext {
    private final Context context;
    private final Map<String, String> logFields;

    private CapturedContext(Context context, Map<String, String> logFields) {
        this.context = context;
        this.logFields = logFields;
    }

    /** The current thread's trace context and MDC. */
    public static CapturedContext capture() {
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        return new CapturedContext(Context.current(), mdc == null ? Map.of() : Map.copyOf(mdc));
    }

    /** Makes the captured context and log fields current until the scope closes, restoring what was there. */
    public Scope open() {
        LogFields.Restore fields = LogFields.put(logFields);
        Scope scope = context.makeCurrent();
        return () -> {
            scope.close();
            fields.close();
        };
    }

    /** {@code task}, run under the captured context. */
    @SuppressWarnings("try")
    public Runnable wrap(Runnable task) {
        return () -> {
            try (Scope ignored = open()) {
                task.run();
            }
        };
    }

    /** {@code function} (for {@code thenApply}, {@code thenCompose}), run under the captured context. */
    @SuppressWarnings("try")
    public <T, R> Function<T, R> wrap(Function<T, R> function) {
        return value -> {
            try (Scope ignored = open()) {
                return function.apply(value);
            }
        };
    }

    /** {@code action} (for {@code whenComplete}), run under the captured context. */
    @SuppressWarnings("try")
    public <T, U> BiConsumer<T, U> wrap(BiConsumer<T, U> action) {
        return (value, failure) -> {
            try (Scope ignored = open()) {
                action.accept(value, failure);
            }
        };
    }
}
