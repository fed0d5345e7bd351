package io.chat4all.router;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/** Who is in a conversation, and where each user is reached. */
interface Directory {
    CompletionStage<List<UUID>> members(UUID conversationId);

    CompletionStage<Optional<Identity>> identity(UUID userId);
}
