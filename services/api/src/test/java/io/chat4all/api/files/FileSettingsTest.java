package io.chat4all.api.files;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileSettingsTest {
    private static FileSettings settings(Map<String, String> values) {
        return FileSettings.from(Config.just(ConfigSources.create(values)));
    }

    @Test
    void defaultsAreTheFilesystemAndTwoGibibytes() {
        FileSettings defaults = settings(Map.of());
        assertEquals(FileSettings.Storage.FILESYSTEM, defaults.storage());
        assertEquals(2L * 1024 * 1024 * 1024, defaults.maxSize());
        assertEquals(Path.of("files"), defaults.dir());
        assertEquals(Duration.ofHours(1), defaults.linkTtl());
        assertEquals(URI.create("http://127.0.0.1:8080"), defaults.linkBase());
        assertEquals(Optional.empty(), defaults.s3());
    }

    @Test
    void s3NeedsABucketAndTakesKeysOnlyInPairs() {
        FileSettings s3 = settings(Map.of("storage", "S3", "s3.bucket", "b", "s3.endpoint", "http://127.0.0.1:9000"));
        assertEquals(FileSettings.Storage.S3, s3.storage());
        FileSettings.S3Settings bucket = s3.s3().orElseThrow();
        assertEquals("b", bucket.bucket());
        assertEquals(Optional.of(URI.create("http://127.0.0.1:9000")), bucket.endpoint());
        assertEquals("us-east-1", bucket.region());
        assertTrue(bucket.pathStyle());
        assertEquals(Optional.empty(), bucket.accessKey(), "no default key: the SDK's chain decides");

        assertThrows(IllegalStateException.class, () -> settings(Map.of("storage", "s3")));
        assertThrows(IllegalStateException.class, () -> settings(Map.of("storage", "s3", "s3.bucket", "b",
                "s3.access-key", "only-half")));
        FileSettings keyed = settings(Map.of("storage", "s3", "s3.bucket", "b", "s3.access-key", "id",
                "s3.secret-key", "secret"));
        assertTrue(!keyed.s3().orElseThrow().toString().contains("secret"), "keys stay out of logs");
    }

    @Test
    void refusesWhatCannotWork() {
        assertThrows(IllegalStateException.class, () -> settings(Map.of("storage", "tape")));
        assertThrows(IllegalStateException.class, () -> settings(Map.of("max-size", "0")));
        assertThrows(IllegalStateException.class, () -> settings(Map.of("links.ttl", "PT0S")));
        assertThrows(IllegalStateException.class, () -> settings(Map.of("storage", "s3", "s3.bucket", "b",
                "max-size", String.valueOf(6L * 1024 * 1024 * 1024))), "one PUT holds at most 5 GiB");
    }
}
