package io.chat4all.stack;

import java.util.List;
import java.util.Map;

/**
 * The services the launcher runs: one row each. Adding a service, or another instance of a module, is one more row
 * in {@link #ALL}; ports, environment, logs, pid files, status, supervision and shutdown follow from it.
 * All rows start side by side; each service waits for what it depends on by itself.
 */
public final class Services {

    public static final ServiceSpec API = new ServiceSpec("services/api", "api", "io.chat4all.api.ApiMain",
            "CHAT4ALL_API_PORT", 8080, stack -> Map.of("AUTH_SECRET", stack.jwtSecret()));

    public static final ServiceSpec ROUTER = new ServiceSpec("services/router", "router",
            "io.chat4all.router.RouterMain", "CHAT4ALL_ROUTER_PORT", 8082, stack -> Map.of());

    /**
     * The simulated WhatsApp and Instagram (ADR 0003). Its webhooks go to the connectors: at their default ports
     * (8083, 8084) until the connector rows exist, whose {@code stack.uri(...)} should then be used here.
     */
    public static final ServiceSpec PROVIDER_SIM = new ServiceSpec("services/provider-sim", "provider-sim",
            "io.chat4all.providersim.ProviderSimMain", "CHAT4ALL_PROVIDER_SIM_PORT", 8090, stack -> Map.of(
                    "PROVIDER_WEBHOOK_dash_SECRET", stack.webhookSecret(),
                    "PROVIDER_WEBHOOKS_WHATSAPP", "http://" + stack.host() + ":8083/webhooks/whatsapp",
                    "PROVIDER_WEBHOOKS_INSTAGRAM", "http://" + stack.host() + ":8084/webhooks/instagram"));

    /** In the order they are listed by status and the summary of {@code up}. */
    public static final List<ServiceSpec> ALL = List.of(API, ROUTER, PROVIDER_SIM);

    private Services() {
    }
}
