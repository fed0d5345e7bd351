package io.chat4all.providersim;

import java.util.concurrent.atomic.LongAdder;

/** A channel's counters since start, for tests and benchmarks ({@code GET /admin/channels/{channel}/stats}). */
final class ChannelStats {
    final LongAdder requests = new LongAdder();
    final LongAdder sends = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder disconnects = new LongAdder();
    final LongAdder inbound = new LongAdder();
    final LongAdder webhooksSent = new LongAdder();
    final LongAdder webhooksFailed = new LongAdder();
    final LongAdder webhooksDropped = new LongAdder();
    final LongAdder webhookRetries = new LongAdder();

    /**
     * The counters as JSON.
     *
     * @param requests        valid send requests
     * @param sends           messages sent (once per {@code (message_id, to)})
     * @param duplicates      repeats answered with the first answer
     * @param rejected        422 answers
     * @param errors          503 answers (error rate or outage)
     * @param disconnects     connections closed without an answer
     * @param inbound         inbound messages made through the admin API
     * @param webhooksSent    webhooks the receiver acknowledged with a 2xx
     * @param webhooksFailed  webhooks given up: refused with a 4xx, or still failing after {@code give-up-after}
     * @param webhooksDropped receipts never attempted because {@code max-pending} was reached
     * @param webhookRetries  webhook attempts that failed and were tried again
     */
    record Snapshot(long requests, long sends, long duplicates, long rejected, long errors, long disconnects,
                    long inbound, long webhooksSent, long webhooksFailed, long webhooksDropped, long webhookRetries) {
    }

    Snapshot snapshot() {
        return new Snapshot(requests.sum(), sends.sum(), duplicates.sum(), rejected.sum(), errors.sum(),
                disconnects.sum(), inbound.sum(), webhooksSent.sum(), webhooksFailed.sum(), webhooksDropped.sum(),
                webhookRetries.sum());
    }
}
