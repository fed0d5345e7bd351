package io.chat4all.stack;

/** A stack process could not be started, reached or stopped; the message says which and why. */
public class StackException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
