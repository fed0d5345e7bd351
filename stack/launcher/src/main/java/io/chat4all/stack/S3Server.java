package io.chat4all.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * A local S3 API: S3Proxy over the filesystem ({@code <home>/s3/data}, one folder per bucket), so the api's S3
 * storage runs against a real S3 server without Docker or a cloud account. Its key is generated per home (like the
 * JWT secret) and handed to the api by environment; the bucket is a folder, created before the server starts.
 */
final class S3Server {

    static final String NAME = "s3";
    /** The bucket the api's files go to. */
    static final String BUCKET = "chat4all-files";
    static final String ACCESS_KEY = "chat4all-local";
    static final String REGION = "us-east-1";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final StackConfig config;
    private final Path dir;

    S3Server(StackConfig config) {
        this.config = config;
        this.dir = config.home().resolve(NAME);
    }

    URI endpoint() {
        return URI.create("http://" + config.host() + ":" + config.ports().s3());
    }

    /** The generated secret key, owner-only in {@code <home>/secrets/s3-secret-key}, the same for every start. */
    String secretKey() {
        return HomeSecret.loadOrCreate(config.home().resolve("secrets/s3-secret-key"));
    }

    /** Writes its config, creates the bucket's folder and starts the server. */
    ChildProcess start(ChildLauncher launcher, JdkFinder.Jdk jdk) {
        Path properties = ConfigFiles.write(dir.resolve("s3proxy.conf"), properties());
        Path logging = ConfigFiles.write(dir.resolve("logback.xml"), ConfigFiles.resource("s3-logback.xml"));
        try {
            Files.createDirectories(dataDir().resolve(BUCKET));
        } catch (IOException e) {
            throw new StackException("cannot create the S3 bucket folder " + dataDir().resolve(BUCKET) + ": "
                    + e.getMessage(), e);
        }
        List<String> options = List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-Dlogback.configurationFile=" + logging);
        String classpath = ConfigFiles.jarsIn(config.projectRoot().resolve("stack/s3-runtime/target/lib"), "S3Proxy's runtime");
        return launcher.launch(new ChildLauncher.JvmSpec(NAME, jdk, options, List.of(classpath), "org.gaul.s3proxy.Main",
                List.of("--properties", properties.toString()), Map.of()));
    }

    /** Waits until the server answers HTTP at all (an unsigned request gets a 403: it is up). */
    void awaitReady(ChildProcess server, BooleanSupplier cancelled) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(endpoint().resolve("/")).timeout(Duration.ofSeconds(2)).GET().build();
        Readiness.await(server, "answer S3 requests", READY_TIMEOUT, cancelled, () -> {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            return Optional.of(response.statusCode());
        });
    }

    /** What the api needs to use this server as its file storage (when {@code FILES_STORAGE=s3}). */
    Map<String, String> apiEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FILES_S3_ENDPOINT", endpoint().toString());
        env.put("FILES_S3_BUCKET", BUCKET);
        env.put("FILES_S3_REGION", REGION);
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", secretKey());
        return env;
    }

    String properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("s3proxy.endpoint", endpoint().toString());
        properties.put("s3proxy.authorization", "aws-v2-or-v4");
        properties.put("s3proxy.identity", ACCESS_KEY);
        properties.put("s3proxy.credential", secretKey());
        properties.put("jclouds.provider", "filesystem");
        properties.put("jclouds.identity", "local");
        properties.put("jclouds.credential", "local");
        properties.put("jclouds.filesystem.basedir", dataDir().toString());
        return "# Written by the Chat4All launcher on every start; edits are overwritten." + System.lineSeparator()
                + properties.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue().replace("\\", "\\\\"))
                .collect(Collectors.joining(System.lineSeparator(), "", System.lineSeparator()));
    }

    private Path dataDir() {
        return dir.resolve("data");
    }
}
