package io.chat4all.kit.consumer;

import java.util.Locale;

/** What a failure while handling a record says about trying again. */
public enum FailureClass {
    /** The world is not ready (timeout, node unavailable, overloaded): retry, with backoff, for as long as it takes. */
    TRANSIENT,
    /** The record itself is unusable (undecodable, invalid): to the dead-letter topic at once. */
    INVALID,
    /** A known error that will fail the same way again (bind, codec, invalid query): dead-letter after a few attempts. */
    PERMANENT,
    /** Nothing known about it: dead-letter after a few attempts, like {@link #PERMANENT}, never retried forever. */
    UNKNOWN;

    /** The value of the {@code reason} attribute of metrics: bounded, lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
