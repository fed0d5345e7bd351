package io.chat4all.providersim;

import java.time.Duration;

import io.chat4all.kit.consumer.Backoff;
import io.helidon.config.Config;

/**
 * How webhooks are delivered: the {@code provider.webhook-delivery} config node.
 *
 * @param timeout     connect timeout, and how long one attempt waits for the answer ({@code timeout})
 * @param backoff     delay between attempts: {@code retry-delay}, doubling up to {@code retry-max-delay}, with jitter
 * @param giveUpAfter how long after its first attempt an unanswered webhook is dropped ({@code give-up-after})
 * @param maxPending  receipt chains and inbound webhooks waiting or in delivery at once, over all channels
 *                    ({@code max-pending}): beyond it receipts are skipped (counted as {@code webhooks_dropped}) and
 *                    inbound requests answered 503. This is what bounds the memory the scheduler holds.
 */
public record WebhookDelivery(Duration timeout, Backoff backoff, Duration giveUpAfter, int maxPending) {
    static final WebhookDelivery DEFAULTS = new WebhookDelivery(Duration.ofSeconds(5),
            new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30)), Duration.ofMinutes(10), 10_000);

    public WebhookDelivery {
        if (!timeout.isPositive() || giveUpAfter.isNegative() || maxPending < 1) {
            throw new IllegalArgumentException("webhook-delivery needs a positive timeout, a give-up-after of at least 0"
                    + " and a max-pending of at least 1, got " + timeout + ", " + giveUpAfter + ", " + maxPending);
        }
    }

    static WebhookDelivery from(Config node) {
        return new WebhookDelivery(
                node.get("timeout").as(Duration.class).orElse(DEFAULTS.timeout()),
                new Backoff(node.get("retry-delay").as(Duration.class).orElse(DEFAULTS.backoff().initial()),
                        node.get("retry-max-delay").as(Duration.class).orElse(DEFAULTS.backoff().max())),
                node.get("give-up-after").as(Duration.class).orElse(DEFAULTS.giveUpAfter()),
                node.get("max-pending").asInt().orElse(DEFAULTS.maxPending()));
    }
}
