package io.chat4all.it;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import io.chat4all.stack.LocalStack;
import io.chat4all.stack.Services;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Files on S3: the api restarted with {@code FILES_STORAGE=s3} against the stack's S3 server (S3Proxy, which keeps
 * each object as a file under {@code <home>/s3/data/<bucket>}), then back to the default for the tests after these.
 */
@ExtendWith(TestStack.class)
class FilesOnS3IT extends FilesContract {
    @BeforeAll
    static void apiOnS3(LocalStack stack) {
        stack.overrideEnvironment(Services.API, Map.of("FILES_STORAGE", "s3"));
        stack.start(Services.API);
    }

    @AfterAll
    static void apiBackOnItsDefault(LocalStack stack) {
        stack.overrideEnvironment(Services.API, Map.of());
        stack.start(Services.API);
    }

    @Override
    Path storedContent(LocalStack stack, UUID fileId) {
        return stack.config().home().resolve("s3/data/chat4all-files").resolve(fileId.toString());
    }
}
