package io.chat4all.api.auth;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.kit.http.RequestFields;
import io.chat4all.contracts.TextRule;

/** A username and password from a request body. */
public record Credentials(String username, String password) {
    static final int MAX_USERNAME_LENGTH = 32;
    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{3," + MAX_USERNAME_LENGTH + "}");
    static final int MIN_PASSWORD_BYTES = 8;
    /** A password: one line that bcrypt reads whole. */
    static final TextRule PASSWORD_RULE = TextRule.singleLine(PasswordHasher.MAX_PASSWORD_BYTES, TextRule.LengthUnit.UTF8_BYTES);
    /**
     * A username to log in with. Unknown names are a 401 like wrong passwords, so this is looser than registration;
     * it only keeps out what no lookup (or throttle key) should ever hold.
     */
    static final TextRule LOGIN_USERNAME_RULE = TextRule.singleLine(255, TextRule.LengthUnit.CODE_POINTS);

    /** Credentials for a new account: a well-formed username and a password bcrypt can hash whole. */
    public static Credentials forRegistration(JsonNode body) {
        RequestFields fields = RequestFields.of(body);
        String username = fields.requiredText("username");
        String password = fields.requiredText("password", PASSWORD_RULE);
        if (username != null && !USERNAME.matcher(username).matches()) {
            fields.reject("username", "must be 3 to " + MAX_USERNAME_LENGTH + " characters of A-Z, a-z, 0-9, '_', '.', '-'");
        }
        if (password != null && password.getBytes(StandardCharsets.UTF_8).length < MIN_PASSWORD_BYTES) {
            fields.reject("password", "must be " + MIN_PASSWORD_BYTES + " to " + PasswordHasher.MAX_PASSWORD_BYTES
                    + " bytes in UTF-8");
        }
        fields.throwIfInvalid();
        return new Credentials(username, password);
    }

    /**
     * Credentials to log in with. A wrong one is a 401, but text that no account could hold is a 400: a blank or
     * over-long username, text that is not valid Unicode (an unpaired surrogate must never be hashed as '?'), or more
     * password than bcrypt reads.
     */
    public static Credentials forLogin(JsonNode body) {
        RequestFields fields = RequestFields.of(body);
        String username = fields.requiredText("username", LOGIN_USERNAME_RULE);
        String password = fields.requiredText("password");
        if (password != null && password.getBytes(StandardCharsets.UTF_8).length > PasswordHasher.MAX_PASSWORD_BYTES) {
            fields.reject("password", "must be at most " + PasswordHasher.MAX_PASSWORD_BYTES + " bytes in UTF-8");
        }
        fields.throwIfInvalid();
        return new Credentials(username, password);
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=***]";
    }
}
