package io.chat4all.it;

import java.nio.file.Path;
import java.util.UUID;

import io.chat4all.stack.LocalStack;
import org.junit.jupiter.api.extension.ExtendWith;

/** Files on the default backend: a folder of the api's ({@code <home>/files}), one file per id. */
@ExtendWith(TestStack.class)
class FilesOnFilesystemIT extends FilesContract {
    @Override
    Path storedContent(LocalStack stack, UUID fileId) {
        return stack.config().home().resolve("files").resolve(fileId.toString());
    }
}
