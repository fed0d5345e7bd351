package io.chat4all.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

/** provider-sim's admin api for one channel: a fixed latency, every message delivered at once and never read. */
final class SimulatedProvider {
    private final ApiSession session;
    private final URI provider;
    private final String channel;

    SimulatedProvider(ApiSession session, URI provider, String channel) {
        this.session = session;
        this.provider = provider;
        this.channel = channel;
    }

    /** Answers every send after {@code latencyMillis}, no faults, and reports DELIVERED at once. */
    void deliverAtOnce(int latencyMillis) throws Exception {
        put("faults", Map.of("latency", Map.of("median_ms", latencyMillis, "p99_ms", latencyMillis)));
        put("receipts", Map.of("delivered_delay_ms", 0, "delivered_probability", 1.0, "read_probability", 0.0));
    }

    /** Back to the channel's defaults. */
    void reset() throws Exception {
        for (String setting : List.of("faults", "receipts")) {
            session.call(HttpRequest.newBuilder(settingUri(setting)).DELETE().build(), 200);
        }
    }

    private void put(String setting, Object body) throws Exception {
        session.call(HttpRequest.newBuilder(settingUri(setting))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(ApiSession.JSON.writeValueAsString(body)))
                .build(), 200);
    }

    private URI settingUri(String setting) {
        return provider.resolve("/admin/channels/" + channel + "/" + setting);
    }
}
