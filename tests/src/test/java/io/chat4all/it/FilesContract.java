package io.chat4all.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.api.files.FileLinks;
import io.chat4all.contracts.MessageEvent;
import io.chat4all.contracts.MessageEventCodec;
import io.chat4all.contracts.Topics;
import io.chat4all.it.ApiClient.User;
import io.chat4all.stack.LocalStack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.chat4all.it.ApiClient.require;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What files do, whatever the storage: each backend's IT runs these against the api configured for it. Contents are
 * generated streams, so 100 MB goes up and comes back without a test ever holding it; digests prove the bytes.
 */
abstract class FilesContract {
    static final long ONE_MB = 1024 * 1024;

    private LocalStack stack;
    private ApiClient api;
    private FileClient files;
    private User alice;
    private User bob;
    private UUID conversation;

    /** Where the backend keeps a file's content, so a test can see it was stored there. */
    abstract Path storedContent(LocalStack stack, UUID fileId);

    @BeforeEach
    void users(LocalStack stack, ApiClient api) {
        this.stack = stack;
        this.api = api;
        this.files = new FileClient(stack.apiUri());
        alice = api.newUser("alice");
        bob = api.newUser("bob");
        conversation = api.privateConversation(alice, bob);
    }

    @Test
    void oneAndAHundredMegabytesGoUpAndComeBackByteForByte() throws IOException {
        for (long size : new long[] {ONE_MB, 100 * ONE_MB}) {
            GeneratedContent content = new GeneratedContent(size, size);
            String expected = content.sha256();
            FileClient.Uploaded uploaded = files.upload(alice.token(), conversation, "data-" + size + ".bin",
                    "application/x-test; v=1", content);
            assertEquals(201, uploaded.status(), uploaded::body);
            JsonNode file = uploaded.json();
            assertEquals(expected, file.path("sha256").asText());
            assertEquals(size, file.path("size").asLong());
            assertEquals("data-" + size + ".bin", file.path("name").asText());
            assertEquals(conversation.toString(), file.path("conversation_id").asText());
            assertTrue(file.path("content_type").asText().startsWith("application/x-test"), file::toString);
            assertTrue(file.path("created_at").isTextual(), file::toString);
            UUID fileId = UUID.fromString(file.path("file_id").asText());
            assertEquals(size, Files.size(storedContent(stack, fileId)), "stored by the configured backend");

            // Bob, the other member, downloads it; only its digest is kept.
            FileClient.Downloaded download = files.download("/v1/files/" + fileId + "/content", bob.token(), Map.of());
            assertEquals(200, download.status());
            assertEquals(size, download.length());
            assertEquals(expected, download.sha256());
            assertEquals(String.valueOf(size), download.header("Content-Length"));
            assertEquals("bytes", download.header("Accept-Ranges"));
            assertTrue(download.header("Content-Disposition").startsWith("attachment;"), download::toString);
            assertTrue(download.header("Content-Type").startsWith("application/x-test"), download::toString);

            FileClient.Downloaded head = files.head("/v1/files/" + fileId + "/content", bob.token());
            assertEquals(200, head.status());
            assertEquals(String.valueOf(size), head.header("Content-Length"));
            assertEquals(0, head.length());

            // A range near the end: exactly those bytes.
            long first = size - 1000;
            FileClient.Downloaded tail = files.download("/v1/files/" + fileId + "/content", bob.token(),
                    Map.of("Range", "bytes=" + first + "-" + (size - 1)));
            assertEquals(206, tail.status());
            assertEquals("bytes " + first + "-" + (size - 1) + "/" + size, tail.header("Content-Range"));
            assertArrayEquals(content.range(first, size - 1), tail.head());
            assertEquals(1000, tail.length());

            JsonNode metadata = require(api.get("/v1/files/" + fileId, bob.token()), 200).json();
            assertEquals(file, metadata);
        }
    }

    @Test
    void rangesAreExactAndOneBeyondTheEndIs416() throws IOException {
        GeneratedContent content = new GeneratedContent(7, ONE_MB);
        UUID fileId = uploaded(content);
        String path = "/v1/files/" + fileId + "/content";

        FileClient.Downloaded middle = files.download(path, alice.token(), Map.of("Range", "bytes=100-199"));
        assertEquals(206, middle.status());
        assertEquals("bytes 100-199/" + ONE_MB, middle.header("Content-Range"));
        assertArrayEquals(content.range(100, 199), middle.head());

        FileClient.Downloaded suffix = files.download(path, alice.token(), Map.of("Range", "bytes=-10"));
        assertEquals(206, suffix.status());
        assertArrayEquals(content.range(ONE_MB - 10, ONE_MB - 1), suffix.head());

        FileClient.Downloaded beyond = files.download(path, alice.token(), Map.of("Range", "bytes=" + ONE_MB + "-"));
        assertEquals(416, beyond.status());
        assertEquals("bytes */" + ONE_MB, beyond.header("Content-Range"));
        assertTrue(beyond.header("Content-Type").startsWith("application/problem+json"));

        // Several ranges at once are not served as such: the whole file comes back.
        FileClient.Downloaded several = files.download(path, alice.token(), Map.of("Range", "bytes=0-1,5-6"));
        assertEquals(200, several.status());
        assertEquals(content.sha256(), several.sha256());
    }

    @Test
    void badUploadsGetClearRefusals() throws IOException {
        // Empty.
        FileClient.Uploaded empty = files.upload(alice.token(), conversation, "empty.txt", "text/plain",
                HttpRequest.BodyPublishers.noBody());
        assertProblem(empty, 400, "empty");

        // A Content-Length beyond files.max-size (2 GiB): refused from the header alone, before any byte is sent.
        try (RawConnection raw = new RawConnection(stack.apiUri())) {
            RawConnection.Answer answer = raw.send("POST /v1/files?conversation_id=" + conversation + "&filename=big.bin"
                    + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + alice.token() + "\r\n"
                    + "Content-Type: application/octet-stream\r\nContent-Length: " + (2L * 1024 * ONE_MB + 1)
                    + "\r\n\r\n").read();
            assertEquals(413, answer.status(), answer::toString);
            assertTrue(answer.json().path("detail").asText().contains("2147483648"), answer::toString);
        }

        // Chunked: a length is required.
        try (RawConnection raw = new RawConnection(stack.apiUri())) {
            RawConnection.Answer answer = raw.send("POST /v1/files?conversation_id=" + conversation + "&filename=c.bin"
                    + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + alice.token() + "\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n").read();
            assertEquals(411, answer.status(), answer::toString);
        }

        // A name with a path keeps only its last segment: nothing is ever stored under a client's name.
        FileClient.Uploaded traversal = files.upload(alice.token(), conversation, "../../etc/passwd", "text/plain",
                HttpRequest.BodyPublishers.ofString("root:x:0:0"));
        assertEquals(201, traversal.status(), traversal::body);
        assertEquals("passwd", traversal.json().path("name").asText());
        assertEquals(10, traversal.json().path("size").asLong());
        FileClient.Uploaded windows = files.upload(alice.token(), conversation, "..\\..\\boot.ini", "text/plain",
                HttpRequest.BodyPublishers.ofString("x"));
        assertEquals("boot.ini", windows.json().path("name").asText(), windows::body);

        assertProblem(files.upload(alice.token(), conversation, "a\u0001b.txt", "text/plain",
                HttpRequest.BodyPublishers.ofString("x")), 400, "filename");
        assertProblem(files.upload(alice.token(), conversation, "../..", "text/plain",
                HttpRequest.BodyPublishers.ofString("x")), 400, "filename");
        assertProblem(files.upload(alice.token(), conversation, "x".repeat(256), "text/plain",
                HttpRequest.BodyPublishers.ofString("x")), 400, "filename");

        // Not a member of the conversation: refused before the body is read.
        User mallory = api.newUser("mallory");
        assertProblem(files.upload(mallory.token(), conversation, "a.txt", "text/plain",
                HttpRequest.BodyPublishers.ofString("x")), 403, "not a member");
        assertProblem(files.upload(null, conversation, "a.txt", "text/plain",
                HttpRequest.BodyPublishers.ofString("x")), 401, "");
    }

    @Test
    void aNonMemberCanReadNeitherTheFileNorItsMetadata() {
        UUID fileId = uploaded(new GeneratedContent(3, 4096));
        User mallory = api.newUser("mallory");

        ApiClient.Response metadata = api.get("/v1/files/" + fileId, mallory.token());
        assertEquals(403, metadata.status(), metadata::toString);
        assertFalse(metadata.body().contains(conversation.toString()), metadata::toString);
        assertFalse(metadata.body().contains("blob.bin"), metadata::toString);

        FileClient.Downloaded content = files.download("/v1/files/" + fileId + "/content", mallory.token(), Map.of());
        assertEquals(403, content.status());
        FileClient.Downloaded anonymous = files.download("/v1/files/" + fileId + "/content", null, Map.of());
        assertEquals(401, anonymous.status());

        assertEquals(404, api.get("/v1/files/" + UUID.randomUUID(), alice.token()).status());
    }

    @Test
    void aMessageCarriesItsFileWithASignedLinkThatNeedsNoToken(KafkaProbe kafka) throws Exception {
        GeneratedContent content = new GeneratedContent(11, 300_000);
        UUID fileId = uploaded(content);

        JsonNode accepted = require(api.post("/v1/messages", Map.of("conversation_id", conversation.toString(),
                "text", "the report", "file_id", fileId.toString()), alice.token()), 202).json();
        UUID messageId = UUID.fromString(accepted.path("message_id").asText());

        // History and status show the file.
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/v1/messages/" + messageId, bob.token()).status() == 200);
        assertEquals(fileId.toString(), api.get("/v1/messages/" + messageId, bob.token()).json().path("file_id").asText());
        JsonNode item = api.history(bob, conversation, 10).stream()
                .filter(message -> message.path("message_id").asText().equals(messageId.toString()))
                .findFirst().orElseThrow();
        assertEquals(fileId.toString(), item.path("file_id").asText());

        // The event on Kafka carries the attachment, with a signed link.
        MessageEvent event = MessageEventCodec.decode(kafka.find(Topics.MESSAGES.name(),
                record -> record.key().equals(conversation.toString())
                        && new String(record.value(), StandardCharsets.UTF_8).contains(messageId.toString()),
                Duration.ofSeconds(20)).orElseThrow().value());
        var attachment = event.attachment().orElseThrow();
        assertEquals(fileId, attachment.fileId());
        assertEquals("blob.bin", attachment.name());
        assertEquals(content.size(), attachment.size());
        URI link = attachment.url();
        assertTrue(link.toString().startsWith(stack.apiUri() + "/v1/files/" + fileId + "/content?expires="), link::toString);

        FileClient.Downloaded viaLink = files.download(link.toString(), null, Map.of());
        assertEquals(200, viaLink.status());
        assertEquals(content.sha256(), viaLink.sha256());

        String tampered = link.toString().replaceFirst("signature=.", "signature=" + (link.toString()
                .matches(".*signature=A.*") ? "B" : "A"));
        assertEquals(403, files.download(tampered, null, Map.of()).status());
        String otherFile = link.toString().replace(fileId.toString(), uploaded(content).toString());
        assertEquals(403, files.download(otherFile, null, Map.of()).status(), "a link opens its own file only");

        // A genuine link, signed with the stack's secret, that expired an hour ago.
        byte[] secret = Files.readString(stack.config().home().resolve("secrets/jwt-secret")).strip()
                .getBytes(StandardCharsets.UTF_8);
        URI expired = new FileLinks(secret, stack.apiUri(), Duration.ofMinutes(1),
                Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC)).link(fileId);
        FileClient.Downloaded late = files.download(expired.toString(), null, Map.of());
        assertEquals(403, late.status());
        assertTrue(new String(late.head(), StandardCharsets.UTF_8).contains("expired"));
    }

    @Test
    void aMessageMayOnlyCarryAFileOfItsOwnConversation() {
        User carol = api.newUser("carol");
        UUID otherConversation = api.privateConversation(alice, carol);
        UUID elsewhere = uploaded(new GeneratedContent(5, 10), otherConversation);

        for (UUID fileId : new UUID[] {elsewhere, UUID.randomUUID()}) {
            ApiClient.Response refused = api.post("/v1/messages", Map.of("conversation_id", conversation.toString(),
                    "text", "see this", "file_id", fileId.toString()), alice.token());
            assertEquals(422, refused.status(), refused::toString);
            assertEquals("file_id", refused.json().path("errors").path(0).path("field").asText(), refused::toString);
        }
    }

    private UUID uploaded(GeneratedContent content) {
        return uploaded(content, conversation);
    }

    private UUID uploaded(GeneratedContent content, UUID conversationId) {
        FileClient.Uploaded uploaded = files.upload(alice.token(), conversationId, "blob.bin", "application/octet-stream",
                content);
        assertEquals(201, uploaded.status(), uploaded::body);
        return UUID.fromString(uploaded.json().path("file_id").asText());
    }

    private static void assertProblem(FileClient.Uploaded answer, int status, String detailPart) {
        assertEquals(status, answer.status(), answer::body);
        assertTrue(answer.json().path("type").asText().startsWith("urn:chat4all:problem:"), answer::body);
        assertTrue(answer.body().contains(detailPart), answer::body);
    }
}
