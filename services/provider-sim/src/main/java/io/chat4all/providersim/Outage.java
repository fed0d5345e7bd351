package io.chat4all.providersim;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a channel in outage does with a send request. */
public enum Outage {
    /** No outage: requests are answered (subject to the other faults). */
    NONE,
    /** Every send is answered {@code 503} with {@code Retry-After}. */
    UNAVAILABLE,
    /** Every send loses its connection: closed by the server without any answer. */
    DISCONNECT;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Outage> fromWireName(String text) {
        return Arrays.stream(values()).filter(o -> o.wireName().equals(text)).findFirst();
    }

    public static String choices() {
        return String.join(" | ", Arrays.stream(values()).map(Outage::wireName).toList());
    }
}
