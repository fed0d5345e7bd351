package io.chat4all.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Uploads one large generated file (default 1 GiB, made up while it streams, never held) to a running api and prints
 * the throughput and what the api's heap did meanwhile.
 *
 * <p>The heap is read from the api's JVM with the JDK's own tools (same machine, same user), three ways:
 * <ul>
 *   <li>{@code jcmd <pid> GC.heap_info}: the whole heap's "used", sampled every 100 ms during the upload, against a
 *       baseline right after a full GC ({@code jcmd GC.run}). It includes garbage not yet collected, so its peak is
 *       an upper bound of what the upload held, set mostly by how large G1 lets the young generation grow.</li>
 *   <li>JFR ({@code jcmd JFR.start}, event {@code jdk.GCHeapSummary}): the heap used <em>after</em> each GC during
 *       the upload, the highest of which is what the upload kept alive at most: the figure the aim is about.</li>
 *   <li>the used heap after a full GC once the upload is done: what it left behind.</li>
 * </ul>
 */
public final class FileUploadBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern USED = Pattern.compile("committed \\d+K, used (\\d+)K");
    private static final long MB = 1024 * 1024;

    private FileUploadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args, Set.of("api", "size-mb", "home"));
        URI api = URI.create(options.getOrDefault("api", "http://127.0.0.1:8080"));
        long size = Long.parseLong(options.getOrDefault("size-mb", "1024")) * MB;
        Path home = Path.of(options.getOrDefault("home", System.getenv().getOrDefault("CHAT4ALL_HOME", ".chat4all")));
        long pid = Long.parseLong(Files.readString(home.resolve("run/api.pid")).strip());
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String token = user(http, api, "bench-a-" + suffix);
        String peerId = userId(http, api, "bench-b-" + suffix);
        String conversation = post(http, api, "/v1/conversations", token,
                Map.of("type", "private", "member_id", peerId)).path("conversation_id").asText();

        jcmd(jcmd, pid, "GC.run");
        long baselineKb = heapUsedKb(jcmd, pid);
        Path recording = Files.createTempFile("chat4all-upload-", ".jfr");
        jcmd(jcmd, pid, "JFR.start name=chat4all-upload settings=default");
        AtomicLong peakKb = new AtomicLong(baselineKb);
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    peakKb.accumulateAndGet(heapUsedKb(jcmd, pid), Math::max);
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        });

        Generated content = new Generated(size);
        HttpRequest upload = HttpRequest.newBuilder(api.resolve("/v1/files?conversation_id=" + conversation
                        + "&filename=bench-" + size + ".bin"))
                .timeout(Duration.ofMinutes(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> content), size))
                .build();
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(upload, HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        sampler.join();
        jcmd(jcmd, pid, "JFR.stop name=chat4all-upload filename=" + recording);
        HeapAfterGc afterGcs = heapAfterGcs(recording);
        Files.deleteIfExists(recording);
        jcmd(jcmd, pid, "GC.run");
        long afterKb = heapUsedKb(jcmd, pid);

        JsonNode file = JSON.readTree(response.body());
        boolean digestMatches = content.sha256().equals(file.path("sha256").asText());
        System.out.printf("upload: HTTP %d, %d bytes in %.1f s = %.1f MB/s; sha256 %s%n", response.statusCode(), size,
                seconds, size / MB / seconds, digestMatches ? "matches" : "DIFFERS: " + response.body());
        System.out.printf("api heap (jcmd GC.heap_info, pid %d): %.1f MB used after a full GC before, peak %.1f MB "
                        + "during (+%.1f MB, garbage included), %.1f MB after a full GC (+%.1f MB)%n", pid,
                baselineKb / 1024.0, peakKb.get() / 1024.0, (peakKb.get() - baselineKb) / 1024.0, afterKb / 1024.0,
                (afterKb - baselineKb) / 1024.0);
        System.out.printf("api heap after each young or full GC during the upload (JFR jdk.GCHeapSummary, %d GCs): at most %.1f MB "
                        + "(+%.1f MB over the baseline)%n", afterGcs.count(), afterGcs.maxBytes() / MB_DOUBLE,
                afterGcs.maxBytes() / MB_DOUBLE - baselineKb / 1024.0);
    }

    private static final double MB_DOUBLE = MB;

    private record HeapAfterGc(int count, long maxBytes) {
    }

    private static HeapAfterGc heapAfterGcs(Path recording) throws IOException {
        List<RecordedEvent> events = RecordingFile.readAllEvents(recording);
        // Only collections that empty the young generation: after G1's concurrent-cycle pauses (Remark, Cleanup) the
        // young generation is still full, so their "after" figure is not what is kept alive.
        Set<Integer> evacuating = events.stream()
                .filter(e -> Set.of("jdk.YoungGarbageCollection", "jdk.OldGarbageCollection").contains(e.getEventType().getName()))
                .map(e -> e.getInt("gcId"))
                .collect(Collectors.toSet());
        int count = 0;
        long max = 0;
        for (RecordedEvent event : events) {
            if (event.getEventType().getName().equals("jdk.GCHeapSummary") && "After GC".equals(event.getString("when"))
                    && evacuating.contains(event.getInt("gcId"))) {
                count++;
                max = Math.max(max, event.getLong("heapUsed"));
            }
        }
        return new HeapAfterGc(count, max);
    }

    private static long heapUsedKb(Path jcmd, long pid) throws IOException, InterruptedException {
        String out = jcmd(jcmd, pid, "GC.heap_info");
        Matcher m = USED.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("unexpected GC.heap_info output: " + out);
        }
        return Long.parseLong(m.group(1));
    }

    private static String jcmd(Path jcmd, long pid, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }

    private static String user(HttpClient http, URI api, String username) throws Exception {
        userId(http, api, username);
        return post(http, api, "/auth/token", null, Map.of("username", username, "password", "bench-password-123"))
                .path("access_token").asText();
    }

    private static String userId(HttpClient http, URI api, String username) throws Exception {
        return post(http, api, "/auth/register", null, Map.of("username", username, "password", "bench-password-123"))
                .path("user_id").asText();
    }

    private static JsonNode post(HttpClient http, URI api, String path, String token, Map<String, String> body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Pseudo-random bytes made as they are read, hashed on the way so the upload's digest can be checked. */
    private static final class Generated extends InputStream {
        private final SplittableRandom random = new SplittableRandom(42);
        private final MessageDigest digest;
        private final byte[] block = new byte[256 * 1024];
        private int position = block.length;
        private long remaining;

        Generated(long size) {
            this.remaining = size;
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            if (position == block.length) {
                random.nextBytes(block);
                position = 0;
            }
            int n = (int) Math.min(Math.min(length, block.length - position), remaining);
            System.arraycopy(block, position, buffer, offset, n);
            digest.update(block, position, n);
            position += n;
            remaining -= n;
            return n;
        }

        String sha256() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
