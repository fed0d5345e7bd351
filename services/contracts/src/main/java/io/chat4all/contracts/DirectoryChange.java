package io.chat4all.contracts;

import java.util.UUID;

/**
 * A change to a conversation's directory: the user joined or left it, or linked or unlinked their identity (where they
 * are reached). The api publishes one on {@code messages} before it answers the change, keyed by the conversation like
 * the conversation's messages, so a router handles it before any message accepted after the change and can keep the
 * members and identities it looked up until a change tells it otherwise.
 */
public record DirectoryChange(UUID conversationId, UUID userId) {
}
