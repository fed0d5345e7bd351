package io.chat4all.api.messages;

import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;

/**
 * Counts the messages the api accepted: {@code messages_accepted} ({@code messages_accepted_total} in Prometheus), one
 * per send answered 202, which the send route answers only once Kafka acknowledged the message (a client's retry of
 * the same message is published, answered and counted again). Refusals (4xx, 503) are not counted; they are in
 * {@code http_requests_total} by status.
 */
public final class AcceptedMessages {
    private final LongCounter accepted;

    public AcceptedMessages(Meter meter) {
        this.accepted = meter.counterBuilder("messages_accepted")
                .setUnit("{message}")
                .setDescription("Messages accepted: sends answered 202 once Kafka acknowledged them")
                .build();
    }

    /** The send handler, counted when it answers 202. */
    public Handler counting(Handler send) {
        return (req, res) -> {
            send.handle(req, res);
            if (res.status().code() == Status.ACCEPTED_202.code()) {
                accepted.add(1);
            }
        };
    }
}
