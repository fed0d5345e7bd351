package io.chat4all.providersim;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.chat4all.kit.http.ApiProblem;
import io.chat4all.kit.http.Json;
import io.chat4all.kit.http.JsonBodies;
import io.chat4all.kit.http.RouteTable;
import io.chat4all.kit.telemetry.LogFields;
import io.chat4all.kit.telemetry.MessageSpans;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.opentelemetry.api.trace.Span;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform API a connector calls: {@code POST /v1/{channel}/messages} sends (idempotent on
 * {@code (message_id, to)}, after the channel's latency, subject to its faults), and
 * {@code GET /v1/{channel}/messages/{message_id}} shows what became of each recipient, for tests.
 *
 * <p>A send is handled with its {@code message_id} in the log fields and, with the channel and
 * {@code chat4all.outcome} (sent, duplicate, rejected, unavailable, disconnected), on the server span; its receipts
 * are sent later under that span's context ({@link ReceiptScheduler}), so they stay in the message's trace.
 */
final class ChannelApi {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelApi.class);

    private final SimulatedChannels channels;
    private final ReceiptScheduler receipts;
    private final JsonBodies bodies;
    private final Clock clock;
    private final MediaFetcher media;

    /** The answer to a send: {@code duplicate} when it repeats an earlier one, which was not sent again. */
    record SendAnswer(String providerMessageId, String messageId, boolean duplicate) {
    }

    /** A permanent refusal of a send (422): a retry of it is pointless. */
    record Rejection(String error, String detail) {
    }

    record MessageReport(String messageId, List<RecipientRecord.View> recipients) {
    }

    ChannelApi(SimulatedChannels channels, ReceiptScheduler receipts, MediaFetcher media, JsonBodies bodies,
               Clock clock) {
        this.channels = channels;
        this.receipts = receipts;
        this.media = media;
        this.bodies = bodies;
        this.clock = clock;
    }

    void register(RouteTable routes) {
        routes.post("/v1/{channel}/messages", this::send)
                .get("/v1/{channel}/messages/{message_id}", this::report);
    }

    private void send(ServerRequest req, ServerResponse res) {
        SimulatedChannel channel = channels.of(req);
        SendRequest send = SendRequest.parse(channel.channel(), bodies.readObject(req));
        Span.current().setAttribute(MessageSpans.MESSAGE_ID, send.messageId());
        MessageSpans.channel(channel.channel().wireName());
        try (LogFields.Restore ignored = LogFields.put(Map.of(LogFields.MESSAGE_ID, send.messageId()))) {
            send(channel, send, res);
        }
    }

    private void send(SimulatedChannel channel, SendRequest send, ServerResponse res) {
        ChannelStats stats = channel.stats();
        stats.requests.increment();
        RecipientRecord record = channel.ledger().recipient(send.messageId(), send.to());
        record.countRequest();
        Faults faults = channel.faults();
        sleep(faults.latencyModel().sample(channel.random()));
        if (faults.outage() == Outage.DISCONNECT) {
            stats.disconnects.increment();
            outcome("disconnected", send);
            // Helidon closes the connection without writing anything: the client reads end-of-stream (or a reset)
            // where it expected a status line.
            throw new CloseConnectionException("simulated outage: connection dropped");
        }
        if (faults.outage() == Outage.UNAVAILABLE || channel.chance(faults.errorRate())) {
            stats.errors.increment();
            outcome("unavailable", send);
            throw ApiProblem.unavailable(channel.channel().wireName() + " is temporarily unavailable (simulated)",
                    Duration.ofSeconds(faults.retryAfterS()));
        }
        RecipientRecord.Decision decision = record.send(() -> channel.chance(faults.rejectionRate()),
                channel::newProviderMessageId, clock.instant());
        switch (decision) {
            case RecipientRecord.Decision.Sent sent -> {
                stats.sends.increment();
                outcome("sent", send);
                receipts.afterSend(channel, record, send, sent.providerMessageId());
                send.mediaUrl().ifPresent(url -> media.fetch(url, record));
                Json.send(res, Status.OK_200, new SendAnswer(sent.providerMessageId(), send.messageId(), false));
            }
            case RecipientRecord.Decision.Duplicate duplicate -> {
                stats.duplicates.increment();
                outcome("duplicate", send);
                Json.send(res, Status.OK_200, new SendAnswer(duplicate.providerMessageId(), send.messageId(), true));
            }
            case RecipientRecord.Decision.Rejected rejected -> {
                stats.rejected.increment();
                outcome("rejected", send);
                Json.send(res, Status.UNPROCESSABLE_CONTENT_422, new Rejection("rejected",
                        "the platform refused to deliver this message to " + send.to() + " (simulated)"));
            }
        }
    }

    /** What became of the send, on the server span and in the log. */
    private static void outcome(String outcome, SendRequest send) {
        MessageSpans.outcome(outcome);
        LOG.debug("send of message {}: {}", send.messageId(), outcome);
    }

    private void report(ServerRequest req, ServerResponse res) {
        SimulatedChannel channel = channels.of(req);
        String messageId = req.path().pathParameters().get("message_id");
        List<RecipientRecord.View> recipients = channel.ledger().lookup(messageId).orElseThrow(() ->
                ApiProblem.notFound("no send request for message " + messageId + " on " + channel.channel().wireName()));
        Json.send(res, Status.OK_200, new MessageReport(messageId, recipients));
    }

    /** Handlers run on virtual threads: waiting here holds no platform thread. */
    private static void sleep(Duration latency) {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            throw ApiProblem.unavailable("the provider simulator is stopping", Duration.ofSeconds(1));
        }
    }
}
