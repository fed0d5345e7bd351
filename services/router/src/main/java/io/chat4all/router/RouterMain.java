package io.chat4all.router;

import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the router; SIGTERM stops it cleanly (stored records committed, consumer closed). */
public final class RouterMain {
    private static final Logger LOG = LoggerFactory.getLogger(RouterMain.class);

    private RouterMain() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime(); // JSON logs through SLF4J, Helidon's own included (common's JsonLogging)
        Config config = Config.create();
        Router router;
        try {
            router = Router.start(config);
        } catch (RuntimeException e) {
            LOG.error("router failed to start: {}", e.getMessage(), e);
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(router::close, "router-shutdown"));
        LOG.info("router started: http://{}:{}/observe/health",
                config.get("server.host").asString().orElse("127.0.0.1"), router.port());
    }
}
