package io.chat4all.api.files;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.chat4all.api.conversations.ConversationAccess;
import io.chat4all.contracts.Attachment;
import io.chat4all.kit.http.ApiProblem;
import io.chat4all.kit.http.FieldError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files of conversations: members upload them (streamed into storage, hashed on the way) and read them; messages
 * carry them as attachments with a signed link.
 */
public final class FileService {
    private static final Logger LOG = LoggerFactory.getLogger(FileService.class);
    private static final Duration STORAGE_RETRY_AFTER = Duration.ofSeconds(2);

    private final ConversationAccess access;
    private final FileStore store;
    private final FileStorage storage;
    private final FileLinks links;
    private final long maxSize;
    private final Clock clock;

    public FileService(ConversationAccess access, FileStore store, FileStorage storage, FileLinks links, long maxSize,
                       Clock clock) {
        this.access = access;
        this.store = store;
        this.storage = storage;
        this.links = links;
        this.maxSize = maxSize;
        this.clock = clock;
    }

    /** What an upload says about itself besides its body. */
    public record NewFile(UUID conversationId, String name, String contentType, long length) {
    }

    /** What a download sends: the file, and the range of it (the whole file unless a Range asked for less). */
    public record Download(StoredFile file, ByteRange range) {
    }

    public long maxSize() {
        return maxSize;
    }

    /**
     * Streams {@code body} into storage and records the file. Only a member of the conversation may upload; the
     * body is not read before that is checked.
     */
    public StoredFile upload(UUID uploaderId, NewFile file, InputStream body) {
        access.requireMember(file.conversationId(), uploaderId);
        UUID fileId = Uuids.timeBased();
        MeasuredUpload measured = new MeasuredUpload(body, maxSize);
        try {
            storage.put(fileId.toString(), measured, file.length());
        } catch (IOException | RuntimeException e) {
            throw measured.clientFault().orElseGet(() -> storageFailure("storing", fileId, e));
        }
        if (measured.size() != file.length()) {
            discard(fileId);
            throw ApiProblem.unreadableBody("the request body did not match its Content-Length");
        }
        StoredFile stored = new StoredFile(fileId, file.name(), file.contentType(), measured.size(), measured.sha256Hex(),
                file.conversationId(), uploaderId, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        try {
            store.insert(stored, storage.name());
        } catch (RuntimeException e) {
            discard(fileId);
            throw e;
        }
        LOG.info("file {} stored: {} bytes in conversation {}", fileId, stored.size(), file.conversationId());
        return stored;
    }

    /** A file's metadata, for a member of its conversation. */
    public StoredFile metadata(UUID fileId, UUID callerId) {
        StoredFile file = find(fileId);
        requireMember(file, callerId);
        return file;
    }

    /** A download of the file (or the asked range), for a member of its conversation. */
    public Download download(UUID fileId, UUID callerId, Optional<String> rangeHeader) {
        return download(metadata(fileId, callerId), rangeHeader);
    }

    /** A download of the file (or the asked range), through a signed link instead of a token. */
    public Download signedDownload(UUID fileId, Optional<String> expires, Optional<String> signature,
                                   Optional<String> rangeHeader) {
        links.verify(fileId, expires, signature);
        return download(find(fileId), rangeHeader);
    }

    /** The bytes of the download; the caller closes the stream. */
    public InputStream open(Download download) {
        try {
            return storage.open(download.file().storageKey(), download.range());
        } catch (IOException | RuntimeException e) {
            throw storageFailure("reading", download.file().fileId(), e);
        }
    }

    /**
     * The attachment a message of {@code conversationId} carries for {@code fileId}: a 422 naming {@code file_id}
     * when no such file is in that conversation (whether it exists elsewhere is not told).
     */
    public Attachment attachment(UUID fileId, UUID conversationId) {
        StoredFile file = store.find(fileId)
                .filter(found -> found.conversationId().equals(conversationId))
                .orElseThrow(() -> ApiProblem.unprocessable("file " + fileId + " is not a file of conversation "
                        + conversationId, List.of(new FieldError("file_id", "is not a file of this conversation"))));
        return new Attachment(file.fileId(), file.name(), file.contentType(), file.size(), links.link(file.fileId()));
    }

    private static Download download(StoredFile file, Optional<String> rangeHeader) {
        return new Download(file, RangeHeader.parse(rangeHeader, file.size()).orElse(ByteRange.whole(file.size())));
    }

    private StoredFile find(UUID fileId) {
        return store.find(fileId).orElseThrow(() -> ApiProblem.notFound("file " + fileId + " does not exist"));
    }

    /** 403 for a file of a conversation the caller is not in; it names the file only, never its conversation. */
    private void requireMember(StoredFile file, UUID callerId) {
        if (!access.isMember(file.conversationId(), callerId)) {
            throw ApiProblem.forbidden("file " + file.fileId() + " is in a conversation you are not a member of");
        }
    }

    private void discard(UUID fileId) {
        try {
            storage.delete(fileId.toString());
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not delete the content of unrecorded file {}: {}", fileId, e.toString());
        }
    }

    private static ApiProblem storageFailure(String doing, UUID fileId, Exception e) {
        LOG.warn("file storage failed {} file {}", doing, fileId, e);
        return ApiProblem.unavailable("file storage is unavailable, retry later", STORAGE_RETRY_AFTER);
    }
}
