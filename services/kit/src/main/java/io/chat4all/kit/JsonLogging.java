package io.chat4all.kit;

import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

import io.helidon.logging.common.spi.LoggingProvider;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Helidon's logging hook for our services: routes java.util.logging (Helidon's own) into SLF4J, so every line leaves
 * the process as one JSON object (see logback.xml). Helidon finds it through the service loader when a main calls
 * {@code LogConfig.configureRuntime()}.
 */
public final class JsonLogging implements LoggingProvider {

    @Override
    public void initialization() {
        LogManager.getLogManager().reset();
        SLF4JBridgeHandler.install();
        Logger.getLogger("").setLevel(Level.INFO);
    }

    @Override
    public void runTime() {
        // Nothing changes between image build and run time on HotSpot.
    }
}
