package io.chat4all.providersim;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Fetches the file a sent message links to, as a platform does, and records what it got on the message's
 * {@link RecipientRecord}: the link works without our credentials, and the bytes are the ones uploaded (tests compare
 * the SHA-256). Streamed, so no file is held in memory; in the background, so the send's answer does not wait.
 */
final class MediaFetcher implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final ExecutorService fetches = Executors.newVirtualThreadPerTaskExecutor();

    void fetch(URI url, RecipientRecord record) {
        fetches.submit(() -> record.media(url, fetchOnce(url)));
    }

    private RecipientRecord.Media fetchOnce(URI url) {
        try {
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    return RecipientRecord.Media.failed("HTTP " + response.statusCode());
                }
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[64 * 1024];
                long bytes = 0;
                for (int read; (read = body.read(buffer)) > 0; ) {
                    sha256.update(buffer, 0, read);
                    bytes += read;
                }
                return RecipientRecord.Media.fetched(bytes, HexFormat.of().formatHex(sha256.digest()));
            }
        } catch (IOException e) {
            return RecipientRecord.Media.failed(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RecipientRecord.Media.failed("interrupted");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public void close() {
        fetches.shutdownNow();
    }
}
