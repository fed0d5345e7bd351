package io.chat4all.kit.http;

import java.util.UUID;
import java.util.regex.Pattern;

/** Strict UUID parsing: only the canonical 8-4-4-4-12 hex form, which {@link UUID#fromString} does not enforce. */
public final class UuidText {
    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private UuidText() {
    }

    /** The UUID, or null when the text is not a canonical UUID. */
    public static UUID parse(String text) {
        return text != null && CANONICAL.matcher(text).matches() ? UUID.fromString(text) : null;
    }
}
