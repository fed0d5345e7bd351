package io.chat4all.api.auth;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import io.chat4all.kit.http.ApiProblem;
import io.chat4all.kit.http.Json;
import io.chat4all.kit.http.JsonBodies;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code POST /auth/register} and {@code POST /auth/token}. Both spend bcrypt work, which is bounded (a 503 when the
 * hashing pool is full); failed logins are throttled per username and per client address (429).
 */
public final class AuthEndpoints {
    private final UserStore users;
    private final PasswordHasher passwords;
    private final LoginThrottle throttle;
    private final JwtTokens tokens;
    private final Clock clock;
    private final JsonBodies bodies;

    public AuthEndpoints(UserStore users, PasswordHasher passwords, LoginThrottle throttle, JwtTokens tokens, Clock clock,
                         JsonBodies bodies) {
        this.users = users;
        this.passwords = passwords;
        this.throttle = throttle;
        this.tokens = tokens;
        this.clock = clock;
        this.bodies = bodies;
    }

    record Registered(UUID userId, String username) {
    }

    record AccessToken(String accessToken, String tokenType, long expiresIn) {
    }

    public void register(ServerRequest req, ServerResponse res) {
        Credentials credentials = Credentials.forRegistration(bodies.readObject(req));
        UUID userId = UUID.randomUUID();
        String hash = passwords.hash(credentials.password());
        if (!users.create(userId, credentials.username(), hash, clock.instant())) {
            throw ApiProblem.conflict("username " + credentials.username() + " is taken");
        }
        Json.send(res, Status.CREATED_201, new Registered(userId, credentials.username()));
    }

    public void token(ServerRequest req, ServerResponse res) {
        Credentials credentials = Credentials.forLogin(bodies.readObject(req));
        ClientAddress client = ClientAddress.of(req);
        throttle.check(credentials.username(), client);
        Optional<UserStore.StoredUser> user = users.findByUsername(credentials.username());
        boolean valid = user.isPresent()
                ? passwords.matches(credentials.password(), user.get().passwordHash())
                : passwords.matchesNothing(credentials.password());
        if (!valid) {
            throttle.recordFailure(credentials.username(), client);
            // One answer for an unknown user and a wrong password: the api does not confirm which usernames exist.
            throw ApiProblem.unauthorized("invalid username or password", null);
        }
        JwtTokens.IssuedToken issued = tokens.issue(user.get().id());
        Json.send(res, Status.OK_200, new AccessToken(issued.token(), "Bearer", issued.expiresIn().toSeconds()));
    }
}
