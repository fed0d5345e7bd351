package io.chat4all.api.identities;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.contracts.Channel;
import io.chat4all.kit.http.ApiProblem;
import io.chat4all.kit.http.RequestFields;

/** The body of {@code POST /v1/users/me/identities}: a channel and an address valid on it, in canonical form. */
record NewIdentity(Channel channel, String address) {
    static final String CHANNELS = Arrays.stream(Channel.values()).map(Channel::wireName)
            .collect(Collectors.joining(", "));

    static NewIdentity parse(JsonNode body) {
        RequestFields fields = RequestFields.of(body);
        String channelName = fields.requiredText("channel");
        String address = fields.requiredText("address");
        Optional<Channel> channel = Optional.empty();
        if (channelName != null) {
            channel = Channel.fromWireName(channelName);
            if (channel.isEmpty()) {
                fields.reject("channel", "must be one of " + CHANNELS);
            }
        }
        Optional<String> canonical = Optional.empty();
        if (channel.isPresent() && address != null) {
            canonical = channel.get().canonicalAddress(address);
            if (canonical.isEmpty()) {
                fields.reject("address", "must be " + channel.get().addressShape());
            }
        }
        fields.throwIfInvalid();
        return new NewIdentity(channel.orElseThrow(), canonical.orElseThrow());
    }

    /** A channel named in a path: 400 naming the parameter when it names none. */
    static Channel channelOf(String wireName) {
        return Channel.fromWireName(wireName)
                .orElseThrow(() -> ApiProblem.invalidField("channel", "must be one of " + CHANNELS));
    }
}
