package io.chat4all.api.auth;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.api.http.RequestFields;

/** A username and password from a request body. */
public record Credentials(String username, String password) {
    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{3,32}");
    static final int MIN_PASSWORD_BYTES = 8;

    /** Credentials for a new account: a well-formed username and a password bcrypt can hash whole. */
    public static Credentials forRegistration(JsonNode body) {
        RequestFields fields = RequestFields.of(body);
        String username = fields.requiredText("username");
        String password = fields.requiredText("password");
        if (username != null && !USERNAME.matcher(username).matches()) {
            fields.reject("username", "must be 3 to 32 characters of A-Z, a-z, 0-9, '_', '.', '-'");
        }
        if (password != null) {
            int bytes = password.getBytes(StandardCharsets.UTF_8).length;
            if (bytes < MIN_PASSWORD_BYTES || bytes > PasswordHasher.MAX_PASSWORD_BYTES) {
                fields.reject("password", "must be " + MIN_PASSWORD_BYTES + " to " + PasswordHasher.MAX_PASSWORD_BYTES
                        + " bytes in UTF-8");
            }
        }
        fields.throwIfInvalid();
        return new Credentials(username, password);
    }

    /** Credentials to log in with: any strings, as a wrong one is a 401, but no more password than bcrypt reads. */
    public static Credentials forLogin(JsonNode body) {
        RequestFields fields = RequestFields.of(body);
        String username = fields.requiredText("username");
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
