package io.chat4all.api;

import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the api from env vars, system properties and application.yaml, in that order of precedence. */
public final class ApiMain {
    private static final Logger LOG = LoggerFactory.getLogger(ApiMain.class);

    private ApiMain() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime(); // JSON logs through SLF4J, Helidon's own included (common's JsonLogging)
        Config config = Config.create();
        ApiServer server;
        try {
            server = ApiServer.start(config);
        } catch (RuntimeException e) {
            LOG.error("api failed to start: {}", e.getMessage(), e);
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "api-shutdown"));
        LOG.info("api listening on http://{}:{}", config.get("server.host").asString().orElse("127.0.0.1"), server.port());
    }
}
