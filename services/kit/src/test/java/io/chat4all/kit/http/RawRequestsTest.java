package io.chat4all.kit.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.kit.http.RawConnection.Answer;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a client can send at the HTTP level, over a raw socket: broken body framing, bytes that are not UTF-8, HEAD,
 * HTTP/1.0, odd methods. Every answer is a problem+json (never a 500 for the client's bytes) and comes within a
 * bound; a connection whose framing broke is closed, one whose framing held stays usable.
 */
class RawRequestsTest {
    private static final int MAX_PAYLOAD = 1024;
    private static final String JSON_POST = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";

    private static WebServer server;

    @BeforeAll
    static void start() {
        Config serverConfig = Config.just(ConfigSources.create(Map.of(
                "host", "127.0.0.1", "port", "0", "max-payload-size", String.valueOf(MAX_PAYLOAD))));
        JsonBodies bodies = new JsonBodies(MAX_PAYLOAD);
        server = ServiceWebServer.build(serverConfig, rules -> new RouteTable(rules)
                .post("/echo", (req, res) -> Json.send(res, Status.OK_200, bodies.readObject(req)))
                .post("/ignore", (req, res) -> Json.send(res, Status.OK_200, Map.of("read", false)))
                .get("/things/{thing_id}", (req, res) -> Json.send(res, Status.OK_200,
                        Map.of("thing_id", PathParams.uuid(req, "thing_id"))))
                .get("/private", (req, res) -> {
                    throw ApiProblem.unauthorized("a token is required", null);
                })
                .get("/boom", (req, res) -> {
                    throw new IllegalStateException("secret internals");
                })
                .refuseOtherMethods(), List.of()).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    // Body framing

    @Test
    void aBodyShorterThanItsContentLengthIs400AndClosesTheConnection() throws IOException {
        try (RawConnection connection = connect()) {
            Answer answer = connection.send(JSON_POST + "Content-Length: 50\r\n\r\n{\"text\":\"hi\"}").endOutput().read();
            assertProblem(answer, 400, "unreadable-body");
            assertTrue(connection.closedByServer());
        }
    }

    @Test
    void bodiesSentBackToBackOnOneConnectionAreEachReadWholeAndAlone() throws IOException {
        byte[] first = "{\"text\":\"first\"}".getBytes(StandardCharsets.UTF_8);
        String padding = "x".repeat(MAX_PAYLOAD - "{\"text\":\"\"}".length());
        byte[] atTheLimit = ("{\"text\":\"" + padding + "\"}").getBytes(StandardCharsets.UTF_8);
        try (RawConnection connection = connect()) {
            connection.send(concat(headOfPost("/echo", first.length), first,
                    headOfPost("/echo", atTheLimit.length), atTheLimit));
            assertEquals("first", connection.read().json().path("text").asText());
            Answer second = connection.read();
            assertEquals(200, second.status(), second::toString);
            assertEquals(padding, second.json().path("text").asText());
        }
    }

    static Stream<Arguments> chunkedBodies() {
        return Stream.of(
                Arguments.of("well framed", "5\r\n{\"a\":\r\n2\r\n1}\r\n0\r\n\r\n"),
                // Valid HTTP (RFC 9112, section 7.1.1) that Helidon 4.5 reads as a malformed chunk size.
                Arguments.of("with a chunk extension", "5;ext=1\r\n{\"a\":\r\n2\r\n1}\r\n0\r\n\r\n"),
                // The client sends no more and keeps the connection open: the answer must not wait for the rest.
                Arguments.of("with an invalid chunk size", "zz\r\n"),
                // Helidon 4.5 would buffer this line without bound, waiting for its end.
                Arguments.of("with an endless chunk-size line", "f".repeat(100_000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chunkedBodies")
    void chunkedBodiesAre411AndCloseTheConnectionUnread(String what, String chunks) throws IOException {
        for (String path : List.of("/echo", "/ignore")) {
            try (RawConnection connection = connect()) {
                Answer answer = connection.send("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n" + chunks).read();
                assertProblem(answer, 411, "length-required");
                assertEquals("close", answer.header("Connection").orElse(""));
                // Nothing more: the chunks are not answered as a request of their own.
                assertTrue(connection.closedByServer());
            }
        }
    }

    static Stream<String> malformedJson() {
        return Stream.of("{\"text\":\"hi", "{\"text\": \"hi\"", "{", "{\"a\":", "{\"a\":1,}", "nul", "{'a':1}",
                "{\"a\":01}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":1} {}", "[" + "[".repeat(200),
                "{\"a\":1,\"a\":2}", "\u00ef\u00bb\u00bf{}", "{\"a\":NaN}", "{/*x*/}");
    }

    @ParameterizedTest
    @MethodSource("malformedJson")
    void malformedJsonIs400AndTheConnectionStaysUsable(String body) throws IOException {
        try (RawConnection connection = connect()) {
            assertProblem(connection.send(post("/echo", body)).read(), 400, "malformed-json");
            // The framing held, so the next request on the connection is read as such.
            assertEquals(200, connection.send(post("/echo", "{\"a\":1}")).read().status());
        }
    }

    // Strict UTF-8

    static Stream<Arguments> invalidUtf8() {
        return Stream.of(
                Arguments.of("overlong '.'", new byte[] {(byte) 0xC0, (byte) 0xAE}),
                Arguments.of("encoded lone surrogate U+D800", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
                Arguments.of("byte FF", new byte[] {(byte) 0xFF}),
                Arguments.of("lone continuation byte", new byte[] {(byte) 0x80}),
                Arguments.of("sequence cut short", new byte[] {(byte) 0xE2, (byte) 0x82}),
                Arguments.of("beyond U+10FFFF", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUtf8")
    void bytesThatAreNotUtf8Are400NeverReplaced(String what, byte[] bad) throws IOException {
        byte[] body = concat("{\"username\":\"x".getBytes(StandardCharsets.US_ASCII), bad, "y\"}".getBytes(StandardCharsets.US_ASCII));
        try (RawConnection connection = connect()) {
            Answer answer = connection.send(concat(headOfPost("/echo", body.length), body)).read();
            assertProblem(answer, 400, "malformed-json");
            assertTrue(answer.json().path("detail").asText().contains("UTF-8: byte 14"), answer::toString);
        }
    }

    @Test
    void everyPlaneOfUnicodeRoundTrips() throws IOException {
        String text = "caf\u00e9 \u20ac \ud83d\ude00 \u4e2d";
        byte[] body = ("{\"text\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
        try (RawConnection connection = connect()) {
            Answer answer = connection.send(concat(headOfPost("/echo", body.length), body)).read();
            assertEquals(200, answer.status(), answer::toString);
            assertEquals(text, answer.json().path("text").asText());
        }
    }

    @Test
    void aCharsetOtherThanUtf8Is415() throws IOException {
        try (RawConnection connection = connect()) {
            Answer answer = connection.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json; charset=ISO-8859-1\r\n"
                    + "Content-Length: 2\r\n\r\n{}").read();
            assertProblem(answer, 415, "unsupported-media-type");
        }
    }

    // HEAD

    @Test
    void headAnswersLikeGetWithoutTheBody() throws IOException {
        String path = "/things/" + UUID.randomUUID();
        try (RawConnection connection = connect()) {
            // Both requests at once: a body after the HEAD answer would be read as the start of the GET answer.
            connection.send("HEAD " + path + " HTTP/1.1\r\nHost: x\r\n\r\nGET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
            Answer head = connection.readHead();
            Answer get = connection.read();
            assertEquals(200, head.status(), head::toString);
            assertEquals(200, get.status(), get::toString);
            assertEquals(get.header("Content-Type"), head.header("Content-Type"));
            assertEquals(String.valueOf(get.body().length), head.header("Content-Length").orElse(""));
            assertTrue(get.text().contains(path.substring("/things/".length())), get::toString);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nothing-here", "/echo", "/private", "/boom", "/things/not-a-uuid"})
    void headOfAnErrorHasNoBodyEither(String path) throws IOException {
        try (RawConnection connection = connect()) {
            connection.send("HEAD " + path + " HTTP/1.1\r\nHost: x\r\n\r\nGET /things/" + UUID.randomUUID()
                    + " HTTP/1.1\r\nHost: x\r\n\r\n");
            Answer head = connection.readHead();
            assertTrue(head.status() >= 400, head::toString);
            assertTrue(head.header("Content-Type").orElse("").startsWith(Problem.MEDIA_TYPE), head::toString);
            assertEquals(200, connection.read().status(), "the answer after HEAD is read whole");
        }
    }

    @Test
    void headOnAPostRouteIs405NamingItsMethods() throws IOException {
        try (RawConnection connection = connect()) {
            Answer answer = connection.send("HEAD /echo HTTP/1.1\r\nHost: x\r\n\r\n").readHead();
            assertEquals(405, answer.status());
            assertEquals("POST", answer.header("Allow").orElse(""));
        }
    }

    @Test
    void getRoutesAllowHead() throws IOException {
        try (RawConnection connection = connect()) {
            Answer answer = connection.send("DELETE /things/" + UUID.randomUUID() + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertProblem(answer, 405, "method-not-allowed");
            assertEquals("GET, HEAD", answer.header("Allow").orElse(""));
        }
    }

    @Test
    void headOfHealthHasNoBody() throws IOException {
        // Helidon's health observer answers HEAD itself: 204 when UP.
        try (RawConnection connection = connect()) {
            connection.send("HEAD /observe/health HTTP/1.1\r\nHost: x\r\n\r\nGET /observe/health HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(204, connection.readHead().status());
            // The GET answer (chunked, so not read further here) starts right after the HEAD answer's headers.
            assertEquals(200, connection.readHead().status());
        }
    }

    // Protocol versions, methods, connections

    @Test
    void http10IsRefusedWith505SayingWhatToSend() throws IOException {
        // Helidon 4.5 refuses HTTP/1.0 while it parses the request line; no setting changes that.
        try (RawConnection connection = connect()) {
            Answer answer = connection.send("GET /things/" + UUID.randomUUID() + " HTTP/1.0\r\nHost: x\r\n\r\n").read();
            assertProblem(answer, 505, "http-505");
            assertTrue(answer.json().path("detail").asText().contains("send HTTP/1.1"), answer::toString);
            assertTrue(connection.closedByServer());
        }
    }

    @Test
    void methodNamesAreUpperCasedByHelidon() throws IOException {
        // A known limit: Helidon 4.5 upper-cases the method while it parses the request line, before any filter or
        // route sees it, so "get" is served as GET although RFC 9110 makes methods case-sensitive.
        try (RawConnection connection = connect()) {
            assertEquals(200, connection.send("get /things/" + UUID.randomUUID() + " HTTP/1.1\r\nHost: x\r\n\r\n").read().status());
        }
    }

    @Test
    void anUnknownMethodIs405() throws IOException {
        try (RawConnection connection = connect()) {
            Answer answer = connection.send("BREW /things/" + UUID.randomUUID() + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertProblem(answer, 405, "method-not-allowed");
        }
    }

    @Test
    void connectionCloseFromTheClientClosesAfterTheAnswer() throws IOException {
        try (RawConnection connection = connect()) {
            Answer answer = connection.send("GET /things/" + UUID.randomUUID() + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").read();
            assertEquals(200, answer.status());
            assertTrue(connection.closedByServer());
        }
    }

    static Stream<Arguments> brokenRequests() {
        return Stream.of(
                Arguments.of("Content-Length and Transfer-Encoding",
                        JSON_POST + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}"),
                Arguments.of("Content-Length not a number", JSON_POST + "Content-Length: abc\r\n\r\n{}"),
                Arguments.of("negative Content-Length", JSON_POST + "Content-Length: -1\r\n\r\n{}"),
                Arguments.of("Transfer-Encoding other than chunked", JSON_POST + "Transfer-Encoding: gzip\r\n\r\n{}"),
                Arguments.of("header line without a colon", "GET /things/x HTTP/1.1\r\nHost: x\r\nnonsense\r\n\r\n"),
                Arguments.of("no Host", "GET /things/x HTTP/1.1\r\n\r\n"),
                Arguments.of("space in the path", "GET /things/a b HTTP/1.1\r\nHost: x\r\n\r\n"),
                Arguments.of("unknown protocol", "GET /things/x HTTP/2.7\r\nHost: x\r\n\r\n"),
                // Helidon 4.5 fails on these method names with an exception it does not map to 400.
                Arguments.of("control character in the method", "G\tT /things/x HTTP/1.1\r\nHost: x\r\n\r\n"),
                Arguments.of("separator in the method", "G(T /things/x HTTP/1.1\r\nHost: x\r\n\r\n"),
                Arguments.of("request line too long", "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"),
                Arguments.of("bare LF line ends", "GET /things/x HTTP/1.1\nHost: x\n\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRequests")
    void brokenRequestsAre4xxProblemsAndClose(String what, String request) throws IOException {
        try (RawConnection connection = connect()) {
            Answer answer = connection.send(request).read();
            assertTrue(answer.status() >= 400 && answer.status() < 500, answer::toString);
            assertEquals(answer.status(), answer.json().path("status").asInt(), answer::toString);
            assertTrue(connection.closedByServer());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"OPTIONS * HTTP/1.1", "CONNECT example.com:443 HTTP/1.1", "TRACE /things/x HTTP/1.1",
            "GET http://example.com/things/x HTTP/1.1", "GET things HTTP/1.1"})
    void oddRequestTargetsAre4xxProblems(String requestLine) throws IOException {
        try (RawConnection connection = connect()) {
            Answer answer = connection.send(requestLine + "\r\nHost: x\r\n\r\n").read();
            assertTrue(answer.status() >= 400 && answer.status() < 500, answer::toString);
            assertEquals(answer.status(), answer.json().path("status").asInt(), answer::toString);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"%zz", "%ED%A0%80", "%C0%AE", "%00", "%2E%2E"})
    void oddPathParametersAre400(String parameter) throws IOException {
        try (RawConnection connection = connect()) {
            Answer answer = connection.send("GET /things/" + parameter + " HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertEquals(400, answer.status(), answer::toString);
            assertEquals(400, answer.json().path("status").asInt(), answer::toString);
        }
    }

    // Our own faults

    @Test
    void aServerFaultIsA500WithAnErrorIdThatTheLogRepeats() throws IOException {
        Logger logger = (Logger) LoggerFactory.getLogger(ProblemHandlers.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try (RawConnection connection = connect()) {
            Answer answer = connection.send("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n").read();
            JsonNode problem = assertProblem(answer, 500, "internal");
            String errorId = problem.path("error_id").asText();
            assertEquals(errorId, UUID.fromString(errorId).toString());
            assertFalse(answer.text().contains("secret internals"), answer::toString);

            ILoggingEvent line = log.list.stream().filter(event -> event.getFormattedMessage().contains(errorId))
                    .findFirst().orElseThrow(() -> new AssertionError("no log line names " + errorId));
            assertEquals(Level.ERROR, line.getLevel());
            assertNotNull(line.getThrowableProxy(), "the cause is logged");
            assertEquals("secret internals", line.getThrowableProxy().getMessage());
            assertTrue(line.getKeyValuePairs().stream().anyMatch(kv -> kv.key.equals("error_id") && kv.value.equals(errorId)));
        } finally {
            logger.detachAppender(log);
        }
    }

    private static JsonNode assertProblem(Answer answer, int status, String kind) {
        assertEquals(status, answer.status(), answer::toString);
        assertTrue(answer.header("Content-Type").orElse("").startsWith(Problem.MEDIA_TYPE), answer::toString);
        JsonNode problem = answer.json();
        assertEquals(status, problem.path("status").asInt(), answer::toString);
        assertEquals("urn:chat4all:problem:" + kind, problem.path("type").asText(), answer::toString);
        return problem;
    }

    private static RawConnection connect() throws IOException {
        return new RawConnection(server.port());
    }

    /** A POST of the body, whose characters are its bytes (ISO-8859-1). */
    private static String post(String path, String body) {
        return new String(headOfPost(path, body.length()), StandardCharsets.ISO_8859_1) + body;
    }

    private static byte[] headOfPost(String path, int length) {
        return ("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
