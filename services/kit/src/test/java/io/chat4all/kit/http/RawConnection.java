package io.chat4all.kit.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A bare TCP connection to a test server, for what no HTTP client sends: broken framing, HTTP/1.0, lower-case
 * methods. It reads answers just enough to check them: status line, headers, and a body of {@code Content-Length}.
 */
final class RawConnection implements AutoCloseable {
    /** How long any answer, or the server closing the connection, may take. */
    static final Duration WITHIN = Duration.ofSeconds(5);

    private final Socket socket;
    private final InputStream in;

    RawConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(Math.toIntExact(WITHIN.toMillis()));
        in = socket.getInputStream();
    }

    /** An answer: header names in lower case. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + text(), e);
            }
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + text();
        }
    }

    /** Sends text whose characters are the bytes (ISO-8859-1), so any byte can be written. */
    RawConnection send(String bytesAsText) throws IOException {
        return send(bytesAsText.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawConnection send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** Tells the server that nothing more will come, as a client that gave up sending does. */
    RawConnection endOutput() throws IOException {
        socket.shutdownOutput();
        return this;
    }

    /** The next answer, with its body. */
    Answer read() throws IOException {
        return read(true);
    }

    /** The next answer to a HEAD request: its headers end it, whatever {@code Content-Length} says. */
    Answer readHead() throws IOException {
        return read(false);
    }

    /** Whether the server closed the connection, with no more bytes before it, within {@link #WITHIN}. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        }
    }

    private Answer read(boolean withBody) throws IOException {
        String[] lines = head().split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        int length = withBody ? Integer.parseInt(headers.getOrDefault("content-length", "0")) : 0;
        return new Answer(status, headers, in.readNBytes(length));
    }

    private String head() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("connection closed after " + head.size() + " bytes: " + head);
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1).strip();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
