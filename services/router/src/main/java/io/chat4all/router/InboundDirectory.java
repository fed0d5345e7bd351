package io.chat4all.router;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

import io.chat4all.contracts.Channel;

/** What the router looks up to bring a platform user's message into Chat4All. */
interface InboundDirectory {
    /** The user who linked {@code address} on {@code channel}. */
    CompletionStage<Optional<UUID>> userByAddress(Channel channel, String address);

    CompletionStage<Optional<UUID>> userByName(String username);

    /** The private conversation of the two users, if either of them opened one. */
    CompletionStage<Optional<UUID>> privateConversation(UUID oneUser, UUID otherUser);
}
