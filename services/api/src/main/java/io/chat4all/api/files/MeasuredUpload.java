package io.chat4all.api.files;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import io.chat4all.kit.http.ApiProblem;
import io.chat4all.kit.http.BodySizeLimit;
import io.helidon.common.buffers.DataReader;

/**
 * A request body on its way to storage: counted, hashed (SHA-256) and held to the size limit as it streams through,
 * so that nothing needs the whole body at once. It also remembers whether a failure was the client's (the body broke
 * off, or went past the limit): a storage backend wraps whatever its stream throws, and the caller must still tell a
 * client's mistake (4xx) from a storage outage (503).
 */
final class MeasuredUpload extends FilterInputStream {
    private final long maxBytes;
    private final MessageDigest sha256;
    private long size;
    private ApiProblem clientFault;

    MeasuredUpload(InputStream body, long maxBytes) {
        super(body);
        this.maxBytes = maxBytes;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (clientFault != null) {
            throw new IOException(clientFault.getMessage());
        }
        int n;
        try {
            n = in.read(buffer, offset, length);
        } catch (IOException | UncheckedIOException | DataReader.InsufficientDataAvailableException e) {
            clientFault = ApiProblem.unreadableBody("the request body ended before its Content-Length");
            throw new IOException(clientFault.getMessage(), e);
        }
        if (n > 0) {
            size += n;
            if (size > maxBytes) {
                clientFault = BodySizeLimit.tooLarge(maxBytes).closingConnection();
                throw new IOException(clientFault.getMessage());
            }
            sha256.update(buffer, offset, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("an upload is read whole, never skipped: every byte is hashed");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** The client's mistake that stopped the upload, if it was one. */
    Optional<ApiProblem> clientFault() {
        return Optional.ofNullable(clientFault);
    }

    long size() {
        return size;
    }

    /** Lower-case hex SHA-256 of everything read; call once, after the last byte. */
    String sha256Hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }
}
