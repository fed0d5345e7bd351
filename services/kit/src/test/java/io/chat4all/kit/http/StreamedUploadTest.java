package io.chat4all.kit.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.chat4all.kit.http.RawConnection.Answer;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A streamed upload route takes bodies up to its own limit, far beyond the JSON limit, which every other route keeps;
 * a refusal before its body is read closes the connection instead of reading a body that may be gigabytes.
 */
class StreamedUploadTest {
    private static final int JSON_MAX = 1024;
    private static final long UPLOAD_MAX = 20L * 1024 * 1024;

    private static WebServer server;

    @BeforeAll
    static void start() {
        Config serverConfig = Config.just(ConfigSources.create(Map.of(
                "host", "127.0.0.1", "port", "0", "max-payload-size", String.valueOf(JSON_MAX))));
        JsonBodies bodies = new JsonBodies(JSON_MAX);
        server = ServiceWebServer.build(serverConfig, rules -> new RouteTable(rules)
                .post("/echo", (req, res) -> Json.send(res, Status.OK_200, bodies.readObject(req)))
                .post("/upload", StreamedUpload.closingOnRefusalBeforeBody((req, res) -> {
                    if (req.query().contains("refuse")) {
                        throw ApiProblem.forbidden("not yours");
                    }
                    try (InputStream body = req.content().inputStream()) {
                        long read = 0;
                        byte[] buffer = new byte[8192];
                        for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                            read += n;
                        }
                        Json.send(res, Status.OK_200, Map.of("read", read));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }))
                .refuseOtherMethods(), List.of(), List.of(new StreamedUpload(Method.POST, "/upload", UPLOAD_MAX))).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void theUploadRouteStreamsBodiesBeyondTheJsonLimit() throws IOException {
        int size = 18 * 1024 * 1024;
        try (RawConnection connection = new RawConnection(server.port())) {
            connection.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                    + size + "\r\n\r\n");
            byte[] chunk = new byte[1024 * 1024];
            for (int i = 0; i < size / chunk.length; i++) {
                connection.send(chunk);
            }
            Answer answer = connection.read();
            assertEquals(200, answer.status(), answer::toString);
            assertEquals(size, answer.json().path("read").asLong());
        }
    }

    @Test
    void theUploadRouteRefusesALengthOverItsOwnLimitFromTheHeaderAndCloses() throws IOException {
        try (RawConnection connection = new RawConnection(server.port())) {
            Answer answer = connection.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + (UPLOAD_MAX + 1)
                    + "\r\n\r\n").read();
            assertEquals(413, answer.status(), answer::toString);
            assertTrue(answer.json().path("detail").asText().contains(String.valueOf(UPLOAD_MAX)), answer::toString);
            assertTrue(connection.closedByServer(), "20 MB are not read just to be dropped");
        }
    }

    @Test
    void otherRoutesKeepTheJsonLimitAndAHugeRefusedBodyIsNotRead() throws IOException {
        try (RawConnection connection = new RawConnection(server.port())) {
            Answer answer = connection.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (JSON_MAX + 1) + "\r\n\r\n").read();
            assertEquals(413, answer.status(), answer::toString);
            assertTrue(answer.json().path("detail").asText().contains(String.valueOf(JSON_MAX)), answer::toString);
        }
        try (RawConnection connection = new RawConnection(server.port())) {
            Answer answer = connection.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (UPLOAD_MAX - 1) + "\r\n\r\n").read();
            assertEquals(413, answer.status(), answer::toString);
            assertTrue(connection.closedByServer(), "beyond 16 MiB a refused body is cut, not discarded");
        }
    }

    @Test
    void aRefusalBeforeTheBodyIsReadClosesTheConnection() throws IOException {
        try (RawConnection connection = new RawConnection(server.port())) {
            Answer answer = connection.send("POST /upload?refuse HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n"
                    + "partial").read();
            assertEquals(403, answer.status(), answer::toString);
            assertEquals("close", answer.headers().get("connection"), answer::toString);
            assertTrue(connection.closedByServer());
        }
        // A small refused body does not change the JSON routes: their connections stay usable.
        try (RawConnection connection = new RawConnection(server.port())) {
            String body = "{\"a\":1}";
            Answer first = connection.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).read();
            assertEquals(200, first.status(), first::toString);
        }
    }
}
