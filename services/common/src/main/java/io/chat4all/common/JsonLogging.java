package io.chat4all.common;

import java.util.logging.LogManager;

import org.slf4j.bridge.SLF4JBridgeHandler;

/** Routes java.util.logging (Helidon's own) into SLF4J, so every line leaves the process as one JSON object. */
public final class JsonLogging {
    private JsonLogging() {
    }

    public static void install() {
        LogManager.getLogManager().reset();
        SLF4JBridgeHandler.install();
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
    }
}
