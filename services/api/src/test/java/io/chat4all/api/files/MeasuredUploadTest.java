package io.chat4all.api.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeasuredUploadTest {
    @Test
    void countsAndHashesWhatStreamsThrough() throws IOException {
        MeasuredUpload upload = new MeasuredUpload(new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII)), 3);
        assertEquals(3, upload.transferTo(OutputStreamSink.INSTANCE));
        assertEquals(3, upload.size());
        // FIPS 180-2's example: SHA-256("abc").
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", upload.sha256Hex());
        assertTrue(upload.clientFault().isEmpty());
    }

    @Test
    void aByteBeyondTheLimitStopsTheUploadAsTheClientsFault() {
        MeasuredUpload upload = new MeasuredUpload(new ByteArrayInputStream(new byte[101]), 100);
        assertThrows(IOException.class, () -> upload.transferTo(OutputStreamSink.INSTANCE));
        assertEquals(413, upload.clientFault().orElseThrow().status().code());
        assertEquals("close", upload.clientFault().orElseThrow().headers().get("Connection"));
    }

    @Test
    void aBodyThatBreaksOffIsTheClientsFaultToo() {
        InputStream broken = new InputStream() {
            @Override
            public int read() {
                throw new UncheckedIOException(new IOException("connection reset"));
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return read();
            }
        };
        MeasuredUpload upload = new MeasuredUpload(broken, 100);
        assertThrows(IOException.class, () -> upload.transferTo(OutputStreamSink.INSTANCE));
        assertEquals(400, upload.clientFault().orElseThrow().status().code());
        assertTrue(upload.clientFault().orElseThrow().body().type().endsWith("unreadable-body"));
    }

    /** Discards what it is given. */
    static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
