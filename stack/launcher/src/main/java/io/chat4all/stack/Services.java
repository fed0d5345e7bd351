package io.chat4all.stack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The services the launcher runs: one row each. Adding a service, or another instance of a module, is one more row
 * in {@link #ALL}; ports, environment, logs, pid files, status, supervision and shutdown follow from it.
 * All rows start side by side; each service waits for what it depends on by itself.
 */
public final class Services {

    public static final ServiceSpec API = new ServiceSpec("services/api", "api", "io.chat4all.api.ApiMain",
            "CHAT4ALL_API_PORT", 8080, Services::apiEnvironment);

    public static final ServiceSpec ROUTER = new ServiceSpec("services/router", "router",
            "io.chat4all.router.RouterMain", "CHAT4ALL_ROUTER_PORT", 8082, stack -> Map.of());

    /** The simulated WhatsApp and Instagram (ADR 0003); its webhooks go to the connector of each channel. */
    public static final ServiceSpec PROVIDER_SIM = new ServiceSpec("services/provider-sim", "provider-sim",
            "io.chat4all.providersim.ProviderSimMain", "CHAT4ALL_PROVIDER_SIM_PORT", 8090, stack -> Map.of(
                    "PROVIDER_WEBHOOK_dash_SECRET", stack.webhookSecret(),
                    "PROVIDER_WEBHOOKS_WHATSAPP", webhookUrl(stack, Services.CONNECTOR_WHATSAPP, "whatsapp"),
                    "PROVIDER_WEBHOOKS_INSTAGRAM", webhookUrl(stack, Services.CONNECTOR_INSTAGRAM, "instagram")));

    /** Delivers {@code outbound.whatsapp} through the provider simulator and receives its WhatsApp webhooks. */
    public static final ServiceSpec CONNECTOR_WHATSAPP = connector("whatsapp", 8083);

    /** The same module for Instagram. */
    public static final ServiceSpec CONNECTOR_INSTAGRAM = connector("instagram", 8084);

    /** In the order they are listed by status and the summary of {@code up}. */
    public static final List<ServiceSpec> ALL = List.of(API, ROUTER, PROVIDER_SIM, CONNECTOR_WHATSAPP,
            CONNECTOR_INSTAGRAM);

    private Services() {
    }

    /**
     * The api's secret and file storage: files go to {@code <home>/files} unless {@code CHAT4ALL_FILES_STORAGE=s3}
     * picks the local S3 server; the signed download links point at the api itself.
     */
    private static Map<String, String> apiEnvironment(StackContext stack) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AUTH_SECRET", stack.jwtSecret());
        String storage = System.getenv("CHAT4ALL_FILES_STORAGE");
        env.put("FILES_STORAGE", storage == null || storage.isBlank() ? "filesystem" : storage.strip());
        env.put("FILES_DIR", stack.home().resolve("files").toString());
        env.put("FILES_LINKS_BASE", stack.uri(API).toString());
        env.putAll(stack.s3Client());
        return env;
    }

    private static ServiceSpec connector(String channel, int defaultPort) {
        return new ServiceSpec("services/connector", "connector-" + channel, "io.chat4all.connector.ConnectorMain",
                "CHAT4ALL_CONNECTOR_" + channel.toUpperCase(java.util.Locale.ROOT) + "_PORT", defaultPort,
                stack -> Map.of(
                        "CONNECTOR_CHANNEL", channel,
                        "CONNECTOR_PROVIDER_dash_URL", stack.uri(PROVIDER_SIM).toString(),
                        "CONNECTOR_WEBHOOK_dash_SECRET", stack.webhookSecret()));
    }

    private static String webhookUrl(StackContext stack, ServiceSpec connector, String channel) {
        return stack.uri(connector).resolve("/webhooks/" + channel).toString();
    }
}
