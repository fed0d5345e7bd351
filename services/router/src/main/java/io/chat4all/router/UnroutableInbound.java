package io.chat4all.router;

/**
 * An inbound message that has nowhere to go: its sender's address is linked to no user, the addressed username is
 * unknown, or the two have no private conversation. Dead-lettered at once, with this as the reason.
 */
final class UnroutableInbound extends Exception {
    UnroutableInbound(String reason) {
        super(reason, null, false, false);
    }
}
