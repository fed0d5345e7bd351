package io.chat4all.it;

import java.util.function.Predicate;
import java.util.regex.Pattern;

import io.chat4all.it.Trace.Span;

/**
 * The spans a message's trace is made of, recognised by the OpenTelemetry agent's semantic-convention attributes (old
 * and stable names alike), not by span names, which change between conventions.
 */
final class Spans {
    static final String API = "chat4all-api";
    static final String ROUTER = "chat4all-router";
    static final String CONNECTOR_WHATSAPP = "chat4all-connector-whatsapp";
    static final String PROVIDER_SIM = "chat4all-provider-sim";

    private static final Pattern WRITE = Pattern.compile("(INSERT|UPDATE|DELETE|BATCH)\\b", Pattern.CASE_INSENSITIVE);

    private Spans() {
    }

    /** A Kafka producer span of {@code service} sending to {@code topic}. */
    static Predicate<Span> producing(String service, String topic) {
        return span -> service.equals(span.service()) && "producer".equals(span.kind())
                && topic.equals(span.tag("messaging.destination.name"));
    }

    /** The Kafka consumer span of {@code service} that processes a record of {@code topic} (not a receive span). */
    static Predicate<Span> processing(String service, String topic) {
        return span -> service.equals(span.service()) && "consumer".equals(span.kind())
                && topic.equals(span.tag("messaging.destination.name"))
                && ("process".equals(span.tag("messaging.operation"))
                    || "process".equals(span.tag("messaging.operation.type"))
                    || span.operation().endsWith("process"));
    }

    /** An HTTP server span of {@code service} for a request whose path contains {@code pathPart}. */
    static Predicate<Span> serving(String service, String pathPart) {
        return span -> service.equals(span.service()) && "server".equals(span.kind())
                && (contains(span.tag("url.path"), pathPart) || contains(span.tag("http.route"), pathPart)
                    || contains(span.tag("http.target"), pathPart));
    }

    /** An HTTP client span of {@code service}. */
    static Predicate<Span> calling(String service) {
        return span -> service.equals(span.service()) && "client".equals(span.kind())
                && (span.tag("http.request.method") != null || span.tag("http.method") != null);
    }

    /** A Cassandra span of {@code service} that writes: an INSERT, UPDATE, DELETE or BATCH statement. */
    static Predicate<Span> cassandraWrite(String service) {
        return span -> service.equals(span.service()) && "client".equals(span.kind())
                && ("cassandra".equals(span.tag("db.system")) || "cassandra".equals(span.tag("db.system.name")))
                && (WRITE.matcher(span.operation()).lookingAt() || WRITE.matcher(text(span.tag("db.operation"))).matches()
                    || WRITE.matcher(text(span.tag("db.operation.name"))).matches());
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static boolean contains(String value, String part) {
        return value != null && value.contains(part);
    }
}
