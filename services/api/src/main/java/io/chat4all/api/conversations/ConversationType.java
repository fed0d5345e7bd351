package io.chat4all.api.conversations;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** Stored upper case in Cassandra, written lower case in JSON. */
public enum ConversationType {
    PRIVATE,
    GROUP;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
