package io.chat4all.contracts;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON every event codec writes and reads: snake_case wire records, ISO-8601 times, and tolerant reading (fields
 * it does not know are ignored, so a newer producer can add one without dead-lettering an older consumer's records).
 */
final class EventJson {
    // Per-factory buffer pool: Jackson's default pool is per thread, which virtual threads (one per record) defeat.
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool()).build())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.parse("3000-01-01T00:00:00Z");

    private EventJson() {
    }

    static byte[] write(Object wire) {
        try {
            return MAPPER.writeValueAsBytes(wire);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + wire.getClass().getSimpleName(), e);
        }
    }

    static <T> T read(byte[] value, Class<T> wireType) throws InvalidEventException {
        if (value == null) {
            throw new InvalidEventException("empty record value");
        }
        try {
            return MAPPER.readValue(value, wireType);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("undecodable JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidEventException("unreadable record value: " + e.getMessage(), e);
        }
    }

    static <T> T required(T value, String field) throws InvalidEventException {
        if (value == null) {
            throw new InvalidEventException("missing field " + field);
        }
        return value;
    }

    /**
     * A required time within [1970, 3000): storage writes times as microsecond timestamps, and a value far in the
     * future would overflow them, or win every later write of the same cells.
     */
    static Instant storableTime(Instant value, String field) throws InvalidEventException {
        Instant at = required(value, field);
        if (at.isBefore(EARLIEST) || !at.isBefore(LATEST)) {
            throw new InvalidEventException(field + " out of range: " + at);
        }
        return at;
    }

    static Channel channel(String wireName, String field) throws InvalidEventException {
        return Channel.fromWireName(required(wireName, field))
                .orElseThrow(() -> new InvalidEventException(field + " names no channel: " + wireName));
    }
}
