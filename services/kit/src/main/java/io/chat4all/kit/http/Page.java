package io.chat4all.kit.http;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** One page of a list: its items and the cursor of the next page, null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {

    /**
     * The page for rows read with one row more than {@code limit}: that extra row only tells that another page
     * follows, whose cursor is the position of the page's last row.
     */
    public static <R, T> Page<T> ofRowsPlusOne(List<R> rows, int limit, Function<R, UUID> position,
                                               Function<List<R>, List<T>> items) {
        boolean more = rows.size() > limit;
        List<R> page = more ? rows.subList(0, limit) : rows;
        return new Page<>(items.apply(page), more ? Cursors.encode(position.apply(page.getLast())) : null);
    }
}
