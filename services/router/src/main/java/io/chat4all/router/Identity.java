package io.chat4all.router;

import io.chat4all.contracts.Channel;

/** A user's linked external identity: the channel a recipient is delivered through, and their address there. */
record Identity(Channel channel, String address) {
}
