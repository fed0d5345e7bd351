package io.chat4all.api.conversations;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A conversation as listed, without its members. {@code name} is null, and left out of JSON, for private ones. */
public record Conversation(UUID conversationId,
                           ConversationType type,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String name,
                           UUID createdBy,
                           Instant createdAt) {
}
