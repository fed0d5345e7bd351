package io.chat4all.api.files;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A file's metadata, as stored in {@code files} and shown by the api. Its content is in storage under its id.
 *
 * @param sha256 lower-case hex SHA-256 of the content, computed while it was uploaded
 */
public record StoredFile(UUID fileId, String name, String contentType, long size, String sha256, UUID conversationId,
                         @JsonIgnore UUID uploaderId, Instant createdAt) {

    /** The storage key: the id, never the name a client gave. */
    String storageKey() {
        return fileId.toString();
    }
}
