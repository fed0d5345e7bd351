package io.chat4all.providersim;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.kit.http.ApiProblem;

/**
 * The bodies of {@code PUT .../faults} and {@code PUT .../receipts}. A PUT replaces the whole setting: a field left
 * out takes its configured value (what {@code DELETE} restores), not the current one.
 */
final class SettingsBodies {
    private static final Set<String> FAULT_FIELDS = Set.of("error_rate", "rejection_rate", "outage",
            "latency.median_ms", "latency.p99_ms", "spike.rate", "spike.extra_ms", "retry_after_s");
    private static final Set<String> RECEIPT_FIELDS = Set.of("delivered_delay_ms", "delivered_probability",
            "read_delay_ms", "read_probability");

    private SettingsBodies() {
    }

    static Faults faults(JsonNode body, Faults configured) {
        SettingsFields fields = new SettingsFields(body, FAULT_FIELDS);
        double errorRate = fields.fraction("error_rate", configured.errorRate());
        double rejectionRate = fields.fraction("rejection_rate", configured.rejectionRate());
        String outageName = fields.text("outage", configured.outage().wireName());
        Outage outage = Outage.fromWireName(outageName).orElse(null);
        if (outage == null) {
            fields.reject("outage", "must be one of " + Outage.choices());
        }
        Faults.Latency latency = new Faults.Latency(
                fields.whole("latency.median_ms", 0, configured.latency().medianMs()),
                fields.whole("latency.p99_ms", 0, configured.latency().p99Ms()));
        Faults.Spike spike = new Faults.Spike(
                fields.fraction("spike.rate", configured.spike().rate()),
                fields.whole("spike.extra_ms", 0, configured.spike().extraMs()));
        long retryAfter = fields.whole("retry_after_s", 1, configured.retryAfterS());
        fields.throwIfInvalid();
        try {
            return new Faults(errorRate, rejectionRate, outage, latency, spike, retryAfter);
        } catch (IllegalArgumentException crossFieldRule) {
            throw ApiProblem.invalidField("latency", crossFieldRule.getMessage());
        }
    }

    static ReceiptSettings receipts(JsonNode body, ReceiptSettings configured) {
        SettingsFields fields = new SettingsFields(body, RECEIPT_FIELDS);
        ReceiptSettings receipts = new ReceiptSettings(
                fields.whole("delivered_delay_ms", 0, configured.deliveredDelayMs()),
                fields.fraction("delivered_probability", configured.deliveredProbability()),
                fields.whole("read_delay_ms", 0, configured.readDelayMs()),
                fields.fraction("read_probability", configured.readProbability()));
        fields.throwIfInvalid();
        return receipts;
    }
}
