package io.chat4all.providersim;

import io.chat4all.contracts.Channel;
import io.chat4all.kit.http.RequestFields;

/** Reads platform addresses from request bodies by the channel's own rule ({@link Channel#canonicalAddress}). */
final class Addresses {
    private Addresses() {
    }

    /** The canonical address in {@code field}; null (with the violation recorded) when it is missing or malformed. */
    static String required(RequestFields fields, Channel channel, String field) {
        String text = fields.requiredText(field);
        if (text == null) {
            return null;
        }
        return channel.canonicalAddress(text).orElseGet(() -> {
            fields.reject(field, "must be " + channel.addressShape());
            return null;
        });
    }
}
