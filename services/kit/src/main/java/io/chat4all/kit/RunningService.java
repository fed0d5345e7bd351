package io.chat4all.kit;

/** A started service: where it listens, and how to stop it cleanly. */
public interface RunningService extends AutoCloseable {
    int port();

    /** Stops the service and releases what it opened; does not throw. */
    @Override
    void close();
}
