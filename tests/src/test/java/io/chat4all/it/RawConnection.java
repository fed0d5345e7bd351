package io.chat4all.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * A bare TCP connection to the api, for what no HTTP client sends: broken framing, HTTP/1.0, lower-case methods,
 * bytes that are not UTF-8. Answers are read just enough to check them: status, headers, a body of
 * {@code Content-Length}.
 */
final class RawConnection implements AutoCloseable {
    /** How long an answer, or the api closing the connection, may take. */
    static final Duration WITHIN = Duration.ofSeconds(5);

    private final Socket socket;
    private final InputStream in;

    RawConnection(URI api) throws IOException {
        socket = new Socket(api.getHost(), api.getPort());
        socket.setSoTimeout(Math.toIntExact(WITHIN.toMillis()));
        in = socket.getInputStream();
    }

    /** An answer; header names in lower case. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }

        JsonNode json() {
            try {
                return ApiClient.JSON.readTree(body);
            } catch (IOException notJson) {
                return MissingNode.getInstance();
            }
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Sends text whose characters are the bytes (ISO-8859-1), so that any byte can be written. */
    RawConnection send(String bytesAsText) throws IOException {
        socket.getOutputStream().write(bytesAsText.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    /** Tells the api that nothing more will come, as a client that gave up sending does. */
    RawConnection endOutput() throws IOException {
        socket.shutdownOutput();
        return this;
    }

    Answer read() throws IOException {
        return read(true);
    }

    /** The answer to a HEAD request: its headers end it, whatever {@code Content-Length} says. */
    Answer readHead() throws IOException {
        return read(false);
    }

    /** Whether the api closed the connection, with no more bytes before it, within {@link #WITHIN}. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        }
    }

    private Answer read(boolean withBody) throws IOException {
        String[] lines = head().split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        int length = withBody ? Integer.parseInt(headers.getOrDefault("content-length", "0")) : 0;
        return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, in.readNBytes(length));
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
