package io.chat4all.it;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** A W3C trace context as a client starts it: a fresh trace id and parent span id, sampled. */
record Traceparent(String traceId, String parentSpanId) {

    static Traceparent random() {
        HexFormat hex = HexFormat.of();
        return new Traceparent(hex.formatHex(randomBytes(16)), hex.formatHex(randomBytes(8)));
    }

    /** The {@code traceparent} header's value. */
    String header() {
        return "00-" + traceId + "-" + parentSpanId + "-01";
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
