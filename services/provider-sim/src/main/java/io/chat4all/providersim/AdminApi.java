package io.chat4all.providersim;

import java.time.Clock;
import java.time.Duration;

import io.chat4all.contracts.MessageEventCodec;
import io.chat4all.kit.http.ApiProblem;
import io.chat4all.kit.http.Json;
import io.chat4all.kit.http.JsonBodies;
import io.chat4all.kit.http.RequestFields;
import io.chat4all.kit.http.RouteTable;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * What tests drive the simulator with (unauthenticated: the simulator binds to loopback): faults and receipt
 * settings per channel, counters, and inbound messages from platform users.
 */
final class AdminApi {
    private static final String CHANNEL = "/admin/channels/{channel}";

    private final SimulatedChannels channels;
    private final WebhookSender webhooks;
    private final JsonBodies bodies;
    private final Clock clock;

    record InboundAnswer(String providerMessageId) {
    }

    AdminApi(SimulatedChannels channels, WebhookSender webhooks, JsonBodies bodies, Clock clock) {
        this.channels = channels;
        this.webhooks = webhooks;
        this.bodies = bodies;
        this.clock = clock;
    }

    void register(RouteTable routes) {
        routes.get(CHANNEL + "/faults", (req, res) -> ok(res, channels.of(req).faults()))
                .put(CHANNEL + "/faults", this::putFaults)
                .delete(CHANNEL + "/faults", this::resetFaults)
                .get(CHANNEL + "/receipts", (req, res) -> ok(res, channels.of(req).receipts()))
                .put(CHANNEL + "/receipts", this::putReceipts)
                .delete(CHANNEL + "/receipts", this::resetReceipts)
                .get(CHANNEL + "/stats", (req, res) -> ok(res, channels.of(req).stats().snapshot()))
                .post(CHANNEL + "/inbound", this::inbound);
    }

    private void putFaults(ServerRequest req, ServerResponse res) {
        SimulatedChannel channel = channels.of(req);
        channel.setFaults(SettingsBodies.faults(bodies.readObject(req), channel.configuredFaults()));
        ok(res, channel.faults());
    }

    private void resetFaults(ServerRequest req, ServerResponse res) {
        SimulatedChannel channel = channels.of(req);
        channel.setFaults(channel.configuredFaults());
        ok(res, channel.faults());
    }

    private void putReceipts(ServerRequest req, ServerResponse res) {
        SimulatedChannel channel = channels.of(req);
        channel.setReceipts(SettingsBodies.receipts(bodies.readObject(req), channel.configuredReceipts()));
        ok(res, channel.receipts());
    }

    private void resetReceipts(ServerRequest req, ServerResponse res) {
        SimulatedChannel channel = channels.of(req);
        channel.setReceipts(channel.configuredReceipts());
        ok(res, channel.receipts());
    }

    /** A platform user writes to a Chat4All user: an {@code inbound} webhook goes out (202: it is on its way). */
    private void inbound(ServerRequest req, ServerResponse res) {
        SimulatedChannel channel = channels.of(req);
        RequestFields fields = RequestFields.of(bodies.readObject(req));
        String from = Addresses.required(fields, channel.channel(), "from");
        String to = Addresses.required(fields, channel.channel(), "to");
        String text = fields.requiredText("text", MessageEventCodec.TEXT_RULE);
        fields.throwIfInvalid();
        if (!webhooks.tryReserve()) {
            throw ApiProblem.unavailable("too many webhooks pending", Duration.ofSeconds(1));
        }
        String providerMessageId = channel.newProviderMessageId();
        channel.stats().inbound.increment();
        webhooks.deliver(channel.webhook(), new Webhooks.Inbound(providerMessageId, from, to, text, clock.instant()),
                        channel.stats())
                .whenComplete((taken, failure) -> webhooks.release());
        Json.send(res, Status.ACCEPTED_202, new InboundAnswer(providerMessageId));
    }

    private static void ok(ServerResponse res, Object body) {
        Json.send(res, Status.OK_200, body);
    }
}
