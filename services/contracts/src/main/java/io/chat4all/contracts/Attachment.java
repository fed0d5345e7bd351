package io.chat4all.contracts;

import java.net.URI;
import java.util.UUID;

/**
 * A file a message carries: what the recipient's platform needs to show and fetch it.
 *
 * @param fileId      the stored file
 * @param name        its sanitized file name
 * @param contentType its media type, as uploaded
 * @param size        its size in bytes
 * @param url         where a provider can fetch its content without credentials of ours (a signed, expiring link)
 */
public record Attachment(UUID fileId, String name, String contentType, long size, URI url) {
}
