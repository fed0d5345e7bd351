package io.chat4all.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/** Uploads and downloads files through the api, streaming both ways as a real client of large files would. */
final class FileClient {
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    FileClient(URI base) {
        this.base = base;
    }

    /** An upload's answer. */
    record Uploaded(int status, JsonNode json, String body) {
    }

    /** A download's answer: the body is only hashed (and its first bytes kept, for ranges), never held whole. */
    record Downloaded(int status, HttpHeaders headers, long length, String sha256, byte[] head) {
        String header(String name) {
            return headers.firstValue(name).orElse("");
        }
    }

    Uploaded upload(String token, UUID conversationId, String filename, String contentType, GeneratedContent content) {
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(content::stream), content.size());
        return upload(token, conversationId, filename, contentType, body);
    }

    Uploaded upload(String token, UUID conversationId, String filename, String contentType,
                    HttpRequest.BodyPublisher body) {
        String query = "conversation_id=" + conversationId + "&filename=" + URLEncoder.encode(filename, StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/v1/files?" + query))
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", contentType)
                .POST(body);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Uploaded(response.statusCode(), parse(response.body()), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Downloaded download(String pathOrUrl, String token, Map<String, String> headers) {
        return exchange(pathOrUrl, token, headers, "GET");
    }

    Downloaded head(String pathOrUrl, String token) {
        return exchange(pathOrUrl, token, Map.of(), "HEAD");
    }

    private Downloaded exchange(String pathOrUrl, String token, Map<String, String> headers, String method) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathOrUrl))
                .timeout(Duration.ofMinutes(5))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                CountingStream counted = new CountingStream(in);
                byte[] head = counted.readNBytes(4096);
                String digest = GeneratedContent.sha256(new java.io.SequenceInputStream(
                        new java.io.ByteArrayInputStream(head), counted));
                return new Downloaded(response.statusCode(), response.headers(), counted.count, digest, head);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isEmpty() ? MissingNode.getInstance() : ApiClient.JSON.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private static final class CountingStream extends java.io.FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
