package io.chat4all.api.messages;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.chat4all.kit.http.QueryParams;

/**
 * The query of {@code GET /v1/conversations/{conversation_id}/messages}.
 *
 * @param limit     page size, 1 to 100 (default 50)
 * @param after     position (seq) of the previous page's last message, if paging on
 * @param ascending oldest first ({@code order=asc}) instead of newest first (the default)
 */
public record HistoryQuery(int limit, Optional<UUID> after, boolean ascending) {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;

    public static HistoryQuery parse(QueryParams query) {
        int limit = query.limit(DEFAULT_LIMIT, MAX_LIMIT);
        Optional<UUID> after = query.cursor();
        String order = query.oneOf("order", Set.of("asc", "desc"), "desc");
        query.throwIfInvalid();
        return new HistoryQuery(limit, after, order.equals("asc"));
    }
}
