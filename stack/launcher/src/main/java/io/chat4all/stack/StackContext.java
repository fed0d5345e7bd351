package io.chat4all.stack;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** What a service's environment ({@link ServiceSpec#environment()}) may refer to: the stack it runs in. */
public final class StackContext {

    private final StackConfig config;
    private final String kafkaBootstrap;
    private final Map<String, String> s3Client;

    StackContext(StackConfig config, String kafkaBootstrap, Map<String, String> s3Client) {
        this.config = config;
        this.kafkaBootstrap = kafkaBootstrap;
        this.s3Client = Map.copyOf(s3Client);
    }

    /** The address every process binds. */
    public String host() {
        return config.host();
    }

    /** The port of any row of this stack. */
    public int port(ServiceSpec service) {
        return service.port(config.ports());
    }

    /** {@code http://host:port} of any row of this stack. */
    public URI uri(ServiceSpec service) {
        return service.uri(config.host(), config.ports());
    }

    /** {@code host:port} of the Kafka listener. */
    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    public int cassandraPort() {
        return config.ports().cassandraCql();
    }

    /** The data folder of this stack. */
    public Path home() {
        return config.home();
    }

    /** What a client of the local S3 server needs: endpoint, bucket, region and credentials, as variables. */
    public Map<String, String> s3Client() {
        return s3Client;
    }

    /** The token-signing secret of this home, created on first use (see {@link HomeSecret}). */
    public String jwtSecret() {
        return HomeSecret.loadOrCreate(config.home().resolve("secrets/jwt-secret"));
    }

    /** The key that signs webhooks, shared by the provider simulator and the connectors (see {@link HomeSecret}). */
    public String webhookSecret() {
        return HomeSecret.loadOrCreate(config.home().resolve("secrets/webhook-secret"));
    }
}
