package io.chat4all.kit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * The lines some classes log, as the services' encoder writes them (one JSON object each, with the MDC's message
 * fields and every structured argument), captured on the logging thread until {@link #close()}.
 */
public final class JsonLogLines implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<Logger> loggers;
    private final Capture capture = new Capture();

    private JsonLogLines(List<Logger> loggers) {
        this.loggers = loggers;
    }

    /** Starts capturing what the loggers of {@code classes} log. */
    public static JsonLogLines of(Class<?>... classes) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        JsonLogLines lines = new JsonLogLines(Arrays.stream(classes).map(context::getLogger).toList());
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.addIncludeMdcKeyName("message_id");
        encoder.addIncludeMdcKeyName("conversation_id");
        encoder.start();
        lines.capture.encoder = encoder;
        lines.capture.setContext(context);
        lines.capture.start();
        lines.loggers.forEach(logger -> logger.addAppender(lines.capture));
        return lines;
    }

    /** Every line so far, in order. */
    public List<JsonNode> lines() {
        return List.copyOf(capture.lines);
    }

    @Override
    public void close() {
        loggers.forEach(logger -> logger.detachAppender(capture));
        capture.stop();
    }

    private static final class Capture extends AppenderBase<ILoggingEvent> {
        private final List<JsonNode> lines = new CopyOnWriteArrayList<>();
        private LogstashEncoder encoder;

        @Override
        protected void append(ILoggingEvent event) {
            try {
                lines.add(MAPPER.readTree(encoder.encode(event)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
