package io.chat4all.connector;

/**
 * The provider refused the message for good (400 malformed, 422 rejected): sending it again gets the same answer. Not
 * a failure of the provider, so the circuit breaker does not count it and nothing retries it.
 */
final class ProviderRejectedException extends Exception {
    private final int status;
    private final String detail;

    ProviderRejectedException(int status, String detail) {
        super("rejected by the provider (" + status + "): " + detail, null, false, false);
        this.status = status;
        this.detail = detail;
    }

    int status() {
        return status;
    }

    /** The provider's own words, as the FAILED status's reason. */
    String detail() {
        return detail;
    }
}
