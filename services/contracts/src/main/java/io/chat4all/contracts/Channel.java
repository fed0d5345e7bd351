package io.chat4all.contracts;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An external platform a user can be reached on, with the shape of its addresses. One connector instance serves one
 * channel, consuming {@link #outboundTopic()}.
 */
public enum Channel {
    /** Addresses are E.164 phone numbers: {@code +} then 8 to 15 digits, the first not 0. */
    WHATSAPP(Pattern.compile("\\+[1-9][0-9]{7,14}"), "an E.164 phone number such as +5511987654321"),
    /**
     * Addresses are handles: 1 to 30 letters, digits, periods and underscores, not starting or ending with a period
     * and without two periods in a row. Handles are case-insensitive and kept in lower case.
     */
    INSTAGRAM(Pattern.compile("(?!\\.)(?!.*\\.\\.)[a-z0-9._]{1,30}(?<!\\.)"),
            "a handle of 1 to 30 letters, digits, periods and underscores");

    private final Pattern address;
    private final String addressShape;

    Channel(Pattern address, String addressShape) {
        this.address = address;
        this.addressShape = addressShape;
    }

    /** The name on the wire, in topics, URLs and config: {@code whatsapp}, {@code instagram}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Topic outboundTopic() {
        return new Topic("outbound." + wireName(), 6);
    }

    /** The channel named {@code wireName} (case-insensitive), if there is one. */
    public static Optional<Channel> fromWireName(String wireName) {
        for (Channel channel : values()) {
            if (channel.wireName().equalsIgnoreCase(wireName)) {
                return Optional.of(channel);
            }
        }
        return Optional.empty();
    }

    /**
     * The address in its canonical form (handles in lower case, numbers as given), or empty when it is not an address
     * of this channel.
     */
    public Optional<String> canonicalAddress(String candidate) {
        if (candidate == null) {
            return Optional.empty();
        }
        String canonical = this == INSTAGRAM ? candidate.toLowerCase(Locale.ROOT) : candidate;
        return address.matcher(canonical).matches() ? Optional.of(canonical) : Optional.empty();
    }

    /** What a valid address looks like, for error messages. */
    public String addressShape() {
        return addressShape;
    }
}
