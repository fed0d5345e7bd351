package io.chat4all.connector;

/** A message waited for the provider longer than {@code give-up-after}: it is FAILED and goes to the dead-letter topic. */
final class DeliveryExpiredException extends Exception {
    DeliveryExpiredException(String reason) {
        super(reason, null, false, false);
    }
}
