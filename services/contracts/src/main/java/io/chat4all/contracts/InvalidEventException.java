package io.chat4all.contracts;

/** A record that cannot become a {@link MessageEvent}: undecodable JSON or a missing or invalid field. */
public final class InvalidEventException extends Exception {
    public InvalidEventException(String reason) {
        super(reason);
    }

    public InvalidEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
