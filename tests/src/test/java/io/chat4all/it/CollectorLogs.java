package io.chat4all.it;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The OTLP log records the Collector's file exporter wrote (one OTLP/JSON {@code resourceLogs} document a line), read
 * from a mark on: which services sent records under a trace id.
 */
final class CollectorLogs {
    private final AppendedLines lines;

    CollectorLogs(AppendedLines lines) {
        this.lines = lines;
    }

    /** The {@code service.name} of every resource that has a log record with {@code traceId}. */
    Set<String> servicesLogging(String traceId) {
        Set<String> services = new LinkedHashSet<>();
        for (String line : lines.lines()) {
            JsonNode document = parse(line);
            for (JsonNode resourceLogs : document.path("resourceLogs")) {
                if (hasRecordOf(resourceLogs, traceId)) {
                    services.add(serviceName(resourceLogs.path("resource")));
                }
            }
        }
        return services;
    }

    private static boolean hasRecordOf(JsonNode resourceLogs, String traceId) {
        for (JsonNode scopeLogs : resourceLogs.path("scopeLogs")) {
            for (JsonNode record : scopeLogs.path("logRecords")) {
                if (traceId.equalsIgnoreCase(record.path("traceId").asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String serviceName(JsonNode resource) {
        for (JsonNode attribute : resource.path("attributes")) {
            if ("service.name".equals(attribute.path("key").asText())) {
                return attribute.path("value").path("stringValue").asText();
            }
        }
        return "";
    }

    private JsonNode parse(String line) {
        try {
            return ApiClient.JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not an OTLP/JSON document in " + lines.file() + ": " + line, e);
        }
    }
}
