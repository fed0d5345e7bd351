package io.chat4all.providersim;

import java.net.URI;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import io.chat4all.contracts.Channel;

/**
 * One simulated platform: its current faults and receipt settings (changed at run time by the admin API, reset to
 * the configured ones), its counters, its send ledger, its randomness and where its webhooks go.
 */
final class SimulatedChannel {
    private final Channel channel;
    private final URI webhook;
    private final Faults configuredFaults;
    private final ReceiptSettings configuredReceipts;
    private final AtomicReference<Faults> faults;
    private final AtomicReference<ReceiptSettings> receipts;
    private final ChannelStats stats = new ChannelStats();
    private final SendLedger ledger;
    /** Thread-safe; seeded when the config gives a seed, so a run's choices can be repeated. */
    private final Random random;

    SimulatedChannel(Channel channel, ProviderSettings settings) {
        this.channel = channel;
        this.webhook = settings.webhooks().get(channel);
        this.configuredFaults = settings.faults().get(channel);
        this.configuredReceipts = settings.receipts().get(channel);
        this.faults = new AtomicReference<>(configuredFaults);
        this.receipts = new AtomicReference<>(configuredReceipts);
        this.ledger = new SendLedger(settings.maxTrackedMessages());
        this.random = settings.seed().isPresent() ? new Random(settings.seed().getAsLong() + channel.ordinal()) : new Random();
    }

    Channel channel() {
        return channel;
    }

    URI webhook() {
        return webhook;
    }

    Faults faults() {
        return faults.get();
    }

    void setFaults(Faults next) {
        faults.set(next);
    }

    Faults configuredFaults() {
        return configuredFaults;
    }

    ReceiptSettings receipts() {
        return receipts.get();
    }

    void setReceipts(ReceiptSettings next) {
        receipts.set(next);
    }

    ReceiptSettings configuredReceipts() {
        return configuredReceipts;
    }

    ChannelStats stats() {
        return stats;
    }

    SendLedger ledger() {
        return ledger;
    }

    Random random() {
        return random;
    }

    /** True with chance {@code probability}. */
    boolean chance(double probability) {
        return probability > 0 && random.nextDouble() < probability;
    }

    /** A new id for a message on this platform, in the platform's style ({@code wamid.…}, {@code igmid.…}). */
    String newProviderMessageId() {
        String prefix = channel == Channel.WHATSAPP ? "wamid." : "igmid.";
        return prefix + new UUID(random.nextLong(), random.nextLong());
    }
}
