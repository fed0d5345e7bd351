package io.chat4all.router;

import io.chat4all.kit.consumer.ConsumerSettings;
import io.helidon.config.Config;

/**
 * How the router applies statuses, from the {@code router.status} config node (env: {@code ROUTER_STATUS_...}).
 *
 * @param consumer                 the loop over {@code status}: {@link ConsumerSettings}'s keys and defaults, group
 *                                 {@code chat4all-router-status}
 * @param unknownRecipientAttempts attempts at a status whose recipient the message has no record of, before it is
 *                                 dead-lettered ({@code unknown-recipient-attempts})
 */
record StatusApplierSettings(ConsumerSettings consumer, int unknownRecipientAttempts) {
    /** With the default backoff (0.1 s doubling up to 5 s), 8 attempts wait about 11 s for the fan-out to catch up. */
    static final int DEFAULT_UNKNOWN_RECIPIENT_ATTEMPTS = 8;

    static StatusApplierSettings from(Config node, String defaultGroup) {
        return new StatusApplierSettings(ConsumerSettings.from(node, defaultGroup),
                node.get("unknown-recipient-attempts").asInt().orElse(DEFAULT_UNKNOWN_RECIPIENT_ATTEMPTS));
    }
}
