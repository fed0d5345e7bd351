package io.chat4all.api.files;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import io.helidon.config.Config;

/**
 * The {@code files} config node.
 *
 * @param storage  where contents go: {@code filesystem} (default) or {@code s3} ({@code files.storage})
 * @param dir      the filesystem backend's folder ({@code files.dir}, default {@code files})
 * @param maxSize  the largest file in bytes ({@code files.max-size}, default 2 GiB)
 * @param linkBase what signed download links start with: the api's address as the link's users reach it
 *                 ({@code files.links.base}, default {@code http://127.0.0.1:8080})
 * @param linkTtl  how long a signed link works ({@code files.links.ttl}, default 1 h)
 * @param s3       the S3 backend's settings ({@code files.s3.*}), read only when {@code storage} is {@code s3}
 */
public record FileSettings(Storage storage, Path dir, long maxSize, URI linkBase, Duration linkTtl,
                           Optional<S3Settings> s3) {
    static final long DEFAULT_MAX_SIZE = 2L * 1024 * 1024 * 1024;
    /** S3's limit for one PUT; larger files would need a multipart upload, which this backend does not do. */
    static final long S3_MAX_SINGLE_PUT = 5L * 1024 * 1024 * 1024;

    public enum Storage { FILESYSTEM, S3 }

    /**
     * {@code files.s3}. Credentials come from {@code access-key} and {@code secret-key} when both are set, otherwise
     * from the AWS SDK's default chain (env {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}, profiles,
     * instance roles); there is no default key.
     *
     * @param endpoint  the S3 API's address; empty for AWS itself ({@code files.s3.endpoint})
     * @param region    {@code files.s3.region}, default {@code us-east-1}
     * @param bucket    {@code files.s3.bucket}, required
     * @param pathStyle bucket in the path rather than the host name ({@code files.s3.path-style}, default true)
     */
    public record S3Settings(Optional<URI> endpoint, String region, String bucket, boolean pathStyle,
                             Optional<String> accessKey, Optional<String> secretKey) {
        @Override
        public String toString() {
            return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", pathStyle="
                    + pathStyle + ", accessKey=" + accessKey.map(key -> "(set)").orElse("(default chain)") + "]";
        }

        static S3Settings from(Config s3) {
            String bucket = s3.get("bucket").asString().filter(name -> !name.isBlank()).orElseThrow(() ->
                    new IllegalStateException("files.s3.bucket (env FILES_S3_BUCKET) is required when files.storage is s3"));
            Optional<String> accessKey = s3.get("access-key").asString().asOptional().filter(key -> !key.isBlank());
            Optional<String> secretKey = s3.get("secret-key").asString().asOptional().filter(key -> !key.isBlank());
            if (accessKey.isPresent() != secretKey.isPresent()) {
                throw new IllegalStateException("files.s3.access-key and files.s3.secret-key go together: set both or neither");
            }
            return new S3Settings(s3.get("endpoint").asString().asOptional().filter(uri -> !uri.isBlank()).map(URI::create),
                    s3.get("region").asString().orElse("us-east-1"), bucket,
                    s3.get("path-style").asBoolean().orElse(true), accessKey, secretKey);
        }
    }

    public static FileSettings from(Config files) {
        String storageName = files.get("storage").asString().orElse("filesystem");
        Storage storage;
        try {
            storage = Storage.valueOf(storageName.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("files.storage must be filesystem or s3, got " + storageName);
        }
        long maxSize = files.get("max-size").asLong().orElse(DEFAULT_MAX_SIZE);
        if (maxSize < 1) {
            throw new IllegalStateException("files.max-size must be positive, got " + maxSize);
        }
        if (storage == Storage.S3 && maxSize > S3_MAX_SINGLE_PUT) {
            throw new IllegalStateException("files.max-size is at most 5 GiB (" + S3_MAX_SINGLE_PUT
                    + " bytes) with S3 storage, one PUT per file; got " + maxSize);
        }
        Duration ttl = files.get("links.ttl").as(Duration.class).orElse(Duration.ofHours(1));
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalStateException("files.links.ttl must be positive, got " + ttl);
        }
        URI base = URI.create(files.get("links.base").asString().orElse("http://127.0.0.1:8080"));
        return new FileSettings(storage, Path.of(files.get("dir").asString().orElse("files")), maxSize, base, ttl,
                storage == Storage.S3 ? Optional.of(S3Settings.from(files.get("s3"))) : Optional.empty());
    }
}
