package io.chat4all.kit;

import java.util.function.Function;

import ch.qos.logback.classic.LoggerContext;
import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a service process starts: JSON logging first (see {@link JsonLogging}), configuration from env vars,
 * system properties and application.yaml (in that order of precedence), then the service, stopped by SIGTERM.
 */
public final class ServiceMain {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceMain.class);

    private ServiceMain() {
    }

    public static void run(String name, Function<Config, ? extends RunningService> start) {
        LogConfig.configureRuntime();
        Config config = Config.create();
        RunningService service;
        try {
            service = start.apply(config);
        } catch (RuntimeException e) {
            LOG.error("{} failed to start: {}", name, e.getMessage(), e);
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            // Then the log: the async appender's worker is a daemon thread, which would die with the JVM before
            // writing out the last lines (the service's own shutdown lines among them).
            if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) {
                logging.stop();
            }
        }, name + "-shutdown"));
        LOG.info("{} listening on http://{}:{}", name, config.get("server.host").asString().orElse("127.0.0.1"),
                service.port());
    }
}
