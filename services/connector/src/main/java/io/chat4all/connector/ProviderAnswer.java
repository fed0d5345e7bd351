package io.chat4all.connector;

/**
 * The provider accepted the message.
 *
 * @param providerMessageId its id at the provider (empty when the answer did not say)
 * @param duplicate         whether the provider had it already (a retry or a redelivery): sent once all the same
 */
record ProviderAnswer(String providerMessageId, boolean duplicate) {
}
