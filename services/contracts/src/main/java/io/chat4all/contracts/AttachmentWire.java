package io.chat4all.contracts;

import java.net.URI;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

/** JSON shape of an {@link Attachment} inside an event, shared by the codecs of every event that carries one. */
record AttachmentWire(@JsonProperty("file_id") UUID fileId,
                      @JsonProperty("name") String name,
                      @JsonProperty("content_type") String contentType,
                      @JsonProperty("size") Long size,
                      @JsonProperty("url") URI url) {

    static AttachmentWire of(Attachment a) {
        return new AttachmentWire(a.fileId(), a.name(), a.contentType(), a.size(), a.url());
    }

    Attachment attachment() throws InvalidEventException {
        long bytes = EventJson.required(size, "attachment.size");
        if (bytes < 0) {
            throw new InvalidEventException("attachment.size must not be negative: " + bytes);
        }
        return new Attachment(EventJson.required(fileId, "attachment.file_id"),
                EventJson.required(name, "attachment.name"),
                EventJson.required(contentType, "attachment.content_type"), bytes,
                EventJson.required(url, "attachment.url"));
    }
}
