package io.chat4all.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/** One trace as Jaeger's API returns it: its spans, each with its service, parent (CHILD_OF) and tags. */
final class Trace {
    private final String traceId;
    private final Map<String, Span> spansById = new LinkedHashMap<>();

    /** A span; {@code parentId} is its CHILD_OF reference (null for a root), tag values as text. */
    record Span(String traceId, String spanId, String parentId, String service, String operation,
                Map<String, String> tags) {

        String tag(String key) {
            return tags.get(key);
        }

        /** OpenTelemetry's span kind as Jaeger keeps it: server, client, producer, consumer or internal. */
        String kind() {
            return tags.getOrDefault("span.kind", "internal");
        }

        @Override
        public String toString() {
            return service + " " + kind() + " '" + operation + "' " + spanId + " <- " + parentId;
        }
    }

    private Trace(String traceId, List<Span> spans) {
        this.traceId = traceId;
        spans.forEach(span -> spansById.put(span.spanId(), span));
    }

    static Trace of(JsonNode data) {
        Map<String, String> services = new LinkedHashMap<>();
        data.path("processes").properties().forEach(p -> services.put(p.getKey(), p.getValue().path("serviceName").asText()));
        List<Span> spans = new ArrayList<>();
        for (JsonNode span : data.path("spans")) {
            String parent = null;
            for (JsonNode reference : span.path("references")) {
                if ("CHILD_OF".equals(reference.path("refType").asText())) {
                    parent = reference.path("spanID").asText();
                }
            }
            Map<String, String> tags = new LinkedHashMap<>();
            span.path("tags").forEach(tag -> tags.put(tag.path("key").asText(), tag.path("value").asText()));
            spans.add(new Span(span.path("traceID").asText(), span.path("spanID").asText(), parent,
                    services.get(span.path("processID").asText()), span.path("operationName").asText(), tags));
        }
        return new Trace(data.path("traceID").asText(), spans);
    }

    String traceId() {
        return traceId;
    }

    List<Span> spans() {
        return List.copyOf(spansById.values());
    }

    Set<String> services() {
        return spansById.values().stream().map(Span::service).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    Optional<Span> span(String spanId) {
        return Optional.ofNullable(spansById.get(spanId));
    }

    List<Span> spans(Predicate<Span> matching) {
        return spansById.values().stream().filter(matching).toList();
    }

    Optional<Span> parent(Span span) {
        return span.parentId() == null ? Optional.empty() : span(span.parentId());
    }

    /** Whether {@code ancestor} is on the path from {@code span} up to its root (as far as this trace holds it). */
    boolean descendsFrom(Span span, Span ancestor) {
        Set<String> seen = new LinkedHashSet<>();
        for (Optional<Span> up = parent(span); up.isPresent() && seen.add(up.get().spanId()); up = parent(up.get())) {
            if (up.get().spanId().equals(ancestor.spanId())) {
                return true;
            }
        }
        return false;
    }

    /** Every span, one a line, for assertion messages. */
    String describe() {
        return spansById.values().stream().map(Span::toString).collect(Collectors.joining("\n  ", "\n  ", ""));
    }
}
