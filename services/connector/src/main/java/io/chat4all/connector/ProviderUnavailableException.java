package io.chat4all.connector;

/**
 * The provider could not take the message now: a 5xx (or any answer that is not an acceptance or a rejection), no
 * answer in time, a failed connection, or the circuit breaker open. The consumer engine retries the record for as long
 * as it takes (the message is PENDING meanwhile), until the give-up time.
 */
final class ProviderUnavailableException extends Exception {
    ProviderUnavailableException(String reason, Throwable cause) {
        super(reason, cause, false, false);
    }
}
