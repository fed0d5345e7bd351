package io.chat4all.providersim;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

import io.chat4all.contracts.Channel;
import io.chat4all.kit.http.ApiProblem;
import io.helidon.webserver.http.ServerRequest;

/** Every simulated channel, found by the {@code {channel}} path parameter. */
final class SimulatedChannels {
    private final Map<Channel, SimulatedChannel> channels = new EnumMap<>(Channel.class);

    SimulatedChannels(ProviderSettings settings) {
        for (Channel channel : Channel.values()) {
            channels.put(channel, new SimulatedChannel(channel, settings));
        }
    }

    /** The channel the request's {@code {channel}} names; 404 when there is none of that name. */
    SimulatedChannel of(ServerRequest req) {
        String name = req.path().pathParameters().get("channel");
        return Channel.fromWireName(name).map(channels::get).orElseThrow(() -> ApiProblem.notFound(
                "unknown channel '" + name + "'; channels are "
                        + Arrays.stream(Channel.values()).map(Channel::wireName).toList()));
    }

    Collection<SimulatedChannel> all() {
        return channels.values();
    }
}
