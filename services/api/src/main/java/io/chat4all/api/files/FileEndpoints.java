package io.chat4all.api.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import io.chat4all.api.auth.BearerAuthentication;
import io.chat4all.kit.http.ApiProblem;
import io.chat4all.kit.http.Json;
import io.chat4all.kit.http.PathParams;
import io.chat4all.kit.http.QueryParams;
import io.helidon.http.BadRequestException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The file routes. An upload is the raw file as the request body ({@code Content-Type}: the file's type,
 * {@code Content-Length}: its size), with the conversation and the file's name as query parameters.
 */
public final class FileEndpoints {
    static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    private final FileService files;
    private final BearerAuthentication bearer;

    public FileEndpoints(FileService files, BearerAuthentication bearer) {
        this.files = files;
        this.bearer = bearer;
    }

    /** {@code POST /v1/files?conversation_id=...&filename=...}: 201 with the stored file's metadata. */
    public void upload(ServerRequest req, ServerResponse res, UUID callerId) {
        QueryParams query = QueryParams.of(req);
        UUID conversationId = query.requiredUuid("conversation_id");
        String given = query.requiredText("filename");
        String name = null;
        if (given != null) {
            FileNames.Result sanitized = FileNames.sanitize(given);
            sanitized.problem().ifPresent(problem -> query.reject("filename", problem));
            name = sanitized.name().orElse(null);
        }
        query.throwIfInvalid();
        long length = req.headers().contentLength().orElse(0);
        if (length == 0 || !req.content().hasEntity()) {
            throw ApiProblem.of(Status.BAD_REQUEST_400, "the request body is the file, and it is empty");
        }
        FileService.NewFile file = new FileService.NewFile(conversationId, name, contentType(req), length);
        StoredFile stored = files.upload(callerId, file, req.content().inputStream());
        res.header(HeaderNames.LOCATION, "/v1/files/" + stored.fileId());
        Json.send(res, Status.CREATED_201, stored);
    }

    /** {@code GET /v1/files/{file_id}}. */
    public void metadata(ServerRequest req, ServerResponse res, UUID callerId) {
        Json.send(res, Status.OK_200, files.metadata(PathParams.uuid(req, "file_id"), callerId));
    }

    /**
     * {@code GET /v1/files/{file_id}/content}: with a token, or with {@code expires} and {@code signature} of a signed
     * link; a single {@code Range} gets 206 with only those bytes.
     */
    public void content(ServerRequest req, ServerResponse res) {
        UUID fileId = PathParams.uuid(req, "file_id");
        QueryParams query = QueryParams.of(req);
        Optional<String> expires = query.optional("expires");
        Optional<String> signature = query.optional("signature");
        query.throwIfInvalid();
        Optional<String> range = req.headers().first(HeaderNames.RANGE);
        FileService.Download download = FileLinks.isSigned(expires, signature)
                ? files.signedDownload(fileId, expires, signature, range)
                : files.download(fileId, bearer.caller(req), range);
        if (req.prologue().method().equals(Method.HEAD)) {
            describe(res, download);
            res.header(HeaderNames.CONTENT_LENGTH, String.valueOf(download.range().length()));
            res.send();
            return;
        }
        // Opened before any header is set: a storage failure is then a plain 503 problem.
        try (InputStream in = files.open(download)) {
            describe(res, download);
            res.contentLength(download.range().length());
            try (OutputStream out = res.outputStream()) {
                in.transferTo(out);
            }
        } catch (IOException e) {
            // The answer has begun: nothing but closing the connection tells the client it is cut short.
            throw new UncheckedIOException("sending file " + fileId + " broke off", e);
        }
    }

    private static void describe(ServerResponse res, FileService.Download download) {
        StoredFile file = download.file();
        res.header(HeaderNames.ACCEPT_RANGES, "bytes")
                .header(HeaderNames.CONTENT_TYPE, file.contentType())
                // Never shown inline, nor sniffed into something else: an uploaded page must not run as the api's.
                .header(HeaderNames.CONTENT_DISPOSITION, attachmentDisposition(file.name()))
                .header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff")
                .header(HeaderNames.ETAG, "\"" + file.sha256() + "\"");
        if (!download.range().isWhole()) {
            res.status(Status.PARTIAL_CONTENT_206).header(HeaderNames.CONTENT_RANGE, download.range().contentRange());
        }
    }

    private static String contentType(ServerRequest req) {
        Optional<HttpMediaType> type;
        try {
            type = req.headers().contentType();
        } catch (BadRequestException | IllegalArgumentException unparsable) {
            throw ApiProblem.of(Status.UNSUPPORTED_MEDIA_TYPE_415, "Content-Type must be a media type such as image/png");
        }
        return type.map(HttpMediaType::text).orElse(DEFAULT_CONTENT_TYPE);
    }

    /** RFC 6266: an ASCII fallback name, and the exact name in UTF-8 (RFC 8187) for clients that read it. */
    static String attachmentDisposition(String name) {
        StringBuilder ascii = new StringBuilder();
        name.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' ? (char) c : '_'));
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
