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

    /** In the order they are listed by status and the summary of {@code up}. */
    public static final List<ServiceSpec> ALL = List.of(API, ROUTER);

    private Services() {
    }
}
