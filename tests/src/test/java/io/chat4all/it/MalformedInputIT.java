package io.chat4all.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chat4all.api.ApiRoutes;
import io.chat4all.api.files.FileEndpoints;
import io.chat4all.api.auth.AuthEndpoints;
import io.chat4all.api.auth.BearerAuthentication;
import io.chat4all.api.conversations.ConversationEndpoints;
import io.chat4all.api.identities.IdentityEndpoints;
import io.chat4all.api.messages.AcceptLimit;
import io.chat4all.api.messages.AcceptedMessages;
import io.chat4all.api.messages.MessageEndpoints;
import io.chat4all.api.openapi.OpenApiEndpoint;
import io.chat4all.it.ApiClient.User;
import io.chat4all.stack.LocalStack;
import io.helidon.webserver.http.HttpRules;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.chat4all.it.ApiClient.require;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every route of {@link ApiRoutes}, on the real stack, with each class of malformed input a client can send: broken,
 * truncated or non-object JSON, fields of the wrong type, invalid UUIDs in the path and the body, invalid query
 * values, an empty body, a wrong content type, huge numbers, {@code \ud800} and {@code \u0000} escapes and bytes that
 * are not UTF-8 in every string field, and a method the route does not take. Each is answered with a 4xx
 * problem+json, never a 5xx; the routes are read from {@link ApiRoutes} so that a new one cannot go unwalked.
 */
@ExtendWith(TestStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedInputIT {
    /** Any 4xx: used where the exact refusal depends on rules outside this test (text rules, credentials). */
    private static final int ANY_4XX = 0;
    private static final String PASSWORD = "long-enough-password";
    /** Stands for a username no one has yet, so that a registration refused for one field is not a 409 instead. */
    private static final String FRESH_USERNAME = "fresh-username";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private URI base;
    private List<Route> routes;

    /**
     * A route with real values for its path parameters, the token to call it with, the valid body it takes (null
     * when it reads none) and its query parameters.
     */
    record Route(String method, String path, Map<String, String> pathValues, String token, ObjectNode body,
                 List<String> queryParameters) {
        String key() {
            return method + " " + path;
        }

        String uri(Map<String, String> values) {
            String uri = path;
            for (Map.Entry<String, String> value : values.entrySet()) {
                uri = uri.replace("{" + value.getKey() + "}", value.getValue());
            }
            return uri;
        }

        String validUri() {
            return uri(pathValues);
        }
    }

    /** One request that must be refused. */
    record Case(String what, String method, String uri, String token, String contentType, byte[] body, int status) {
        @Override
        public String toString() {
            return what;
        }
    }

    @BeforeAll
    void setUp(ApiClient api, LocalStack stack) {
        base = stack.apiUri();
        User alice = api.newUser("alice");
        User bob = api.newUser("bob");
        User carol = api.newUser("carol");
        String dave = "dave-" + UUID.randomUUID().toString().substring(0, 8);
        require(api.post("/auth/register", Map.of("username", dave, "password", PASSWORD), null), 201);
        UUID conversation = api.privateConversation(alice, bob);
        UUID group = api.groupConversation(alice, "walkers", List.of(bob, carol));
        UUID message = UUID.fromString(require(api.send(alice, conversation, "hello"), 202).json().path("message_id").asText());
        FileClient.Uploaded uploaded = new FileClient(base).upload(alice.token(), conversation, "a.txt", "text/plain",
                HttpRequest.BodyPublishers.ofString("some text"));
        assertEquals(201, uploaded.status(), uploaded::body);
        String file = uploaded.json().path("file_id").asText();

        ObjectNode newGroup = object().put("type", "group").put("name", "a group");
        newGroup.putArray("member_ids").add(bob.id().toString());
        routes = List.of(
                new Route("GET", "/openapi", Map.of(), null, null, List.of()),
                new Route("POST", "/auth/register", Map.of(), null,
                        object().put("username", FRESH_USERNAME).put("password", PASSWORD),
                        List.of()),
                new Route("POST", "/auth/token", Map.of(), null, object().put("username", dave).put("password", PASSWORD),
                        List.of()),
                new Route("POST", "/v1/conversations", Map.of(), alice.token(),
                        object().put("type", "private").put("member_id", carol.id().toString()), List.of()),
                new Route("POST", "/v1/conversations", Map.of(), alice.token(), newGroup, List.of()),
                new Route("GET", "/v1/conversations", Map.of(), alice.token(), null, List.of("limit", "cursor")),
                new Route("GET", "/v1/conversations/{conversation_id}", Map.of("conversation_id", group.toString()),
                        alice.token(), null, List.of()),
                new Route("POST", "/v1/conversations/{conversation_id}/members", Map.of("conversation_id", group.toString()),
                        alice.token(), object().put("user_id", carol.id().toString()), List.of()),
                new Route("DELETE", "/v1/conversations/{conversation_id}/members/{user_id}",
                        pathValues("conversation_id", group.toString(), "user_id", carol.id().toString()),
                        alice.token(), null, List.of()),
                new Route("GET", "/v1/conversations/{conversation_id}/messages", Map.of("conversation_id", conversation.toString()),
                        alice.token(), null, List.of("limit", "cursor", "order")),
                new Route("POST", "/v1/messages", Map.of(), alice.token(),
                        object().put("conversation_id", conversation.toString()).put("text", "hi")
                                .put("message_id", UUID.randomUUID().toString()),
                        List.of()),
                new Route("GET", "/v1/messages/{message_id}", Map.of("message_id", message.toString()),
                        alice.token(), null, List.of()),
                // Reporting delivered or read takes no body, and ignores one: bodies cannot be malformed here.
                new Route("POST", "/v1/messages/{message_id}/delivered", Map.of("message_id", message.toString()),
                        bob.token(), null, List.of()),
                new Route("POST", "/v1/messages/{message_id}/read", Map.of("message_id", message.toString()),
                        bob.token(), null, List.of()),
                new Route("POST", "/v1/users/me/identities", Map.of(), alice.token(),
                        object().put("channel", "whatsapp").put("address", "+5511900000001"), List.of()),
                new Route("GET", "/v1/users/me/identities", Map.of(), alice.token(), null, List.of()),
                new Route("DELETE", "/v1/users/me/identities/{channel}", Map.of("channel", "whatsapp"),
                        alice.token(), null, List.of()),
                // The upload's body is the file itself (any bytes), so only its query can be malformed.
                new Route("POST", "/v1/files", Map.of(), alice.token(), null, List.of("conversation_id", "filename")),
                new Route("GET", "/v1/files/{file_id}", Map.of("file_id", file), bob.token(), null, List.of()),
                new Route("GET", "/v1/files/{file_id}/content", Map.of("file_id", file), bob.token(), null, List.of()));
    }

    @Test
    void everyRouteOfTheApiIsWalked() {
        Set<String> walked = routes.stream().map(Route::key).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(registeredRoutes(), walked);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void malformedInputIsA4xxProblem(Case request) {
        HttpResponse<String> response = send(request);
        String answer = response.statusCode() + " " + response.body();
        assertTrue(response.statusCode() < 500, () -> request.what() + " must not be a server error: " + answer);
        if (request.status() == ANY_4XX) {
            assertTrue(response.statusCode() >= 400, () -> request.what() + " must be refused: " + answer);
        } else {
            assertEquals(request.status(), response.statusCode(), () -> request.what() + ": " + answer);
        }
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                () -> "content type of " + answer);
        assertEquals(response.statusCode(), jsonOf(response.body()).path("status").asInt(), () -> "problem of " + answer);
    }

    Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (Route route : routes) {
            wrongMethods(route, cases);
            invalidPathParameters(route, cases);
            invalidQueryValues(route, cases);
            if (route.body() != null) {
                malformedBodies(route, cases);
                wrongContentTypes(route, cases);
                malformedFields(route, cases);
            }
        }
        // Both bodies of POST /v1/conversations share the cases that do not depend on the body.
        return cases.stream().collect(Collectors.toMap(Case::what, c -> c, (first, same) -> first, LinkedHashMap::new))
                .values().stream();
    }

    private static void wrongMethods(Route route, List<Case> cases) {
        for (String method : List.of("PUT", "PATCH")) {
            cases.add(new Case(route.key() + " as " + method, method, route.validUri(), route.token(), null, null, 405));
        }
    }

    private static void invalidPathParameters(Route route, List<Case> cases) {
        List<String> invalid = List.of("not-a-uuid", "123", "00000000-0000-0000-0000-00000000000g",
                "%7B" + UUID.randomUUID() + "%7D", UUID.randomUUID() + "0", "%00", "%ED%A0%80", "%C0%AE");
        route.pathValues().keySet().forEach(parameter -> invalid.forEach(value -> {
            Map<String, String> values = new LinkedHashMap<>(route.pathValues());
            values.put(parameter, value);
            cases.add(new Case(route.key() + " with " + parameter + " " + value, route.method(), route.uri(values),
                    route.token(), jsonTypeIfBody(route), bodyBytes(route), 400));
        }));
    }

    private static void invalidQueryValues(Route route, List<Case> cases) {
        Map<String, List<String>> invalid = Map.of(
                "limit", List.of("0", "-1", "101", "abc", "1e3", "99999999999999999999", "", "%ED%A0%80"),
                "cursor", List.of("", "x", "bm90LWEtY3Vyc29y", "%25%25%25", "%00", "AAAAAAAAAAAAAAAAAAAAAA"),
                "order", List.of("", "sideways", "DESC", "%00"),
                "conversation_id", List.of("", "x", "%00", UUID.randomUUID() + "0", "%ED%A0%80"),
                "filename", List.of("", "%00", "..", "a%0Ab", "%ED%A0%80", "%FF"));
        route.queryParameters().forEach(parameter -> invalid.get(parameter).forEach(value ->
                cases.add(new Case(route.key() + " with " + parameter + "=" + value, route.method(),
                        route.validUri() + "?" + parameter + "=" + value, route.token(), null, null, 400))));
    }

    private static void malformedBodies(Route route, List<Case> cases) {
        String valid = route.body().toString();
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("empty body", "");
        bodies.put("bad JSON", "{\"a\": tru}");
        bodies.put("single quotes", valid.replace('"', '\''));
        bodies.put("truncated JSON", valid.substring(0, valid.length() / 2));
        bodies.put("JSON without its last brace", valid.substring(0, valid.length() - 1));
        bodies.put("trailing garbage", valid + " x");
        bodies.put("two objects", valid + valid);
        String members = valid.substring(1, valid.length() - 1);
        bodies.put("every name twice", "{" + members + "," + members + "}");
        bodies.put("an array", "[" + valid + "]");
        bodies.put("a number", "42");
        bodies.put("a string", "\"" + route.key() + "\"");
        bodies.put("null", "null");
        bodies.put("true", "true");
        bodies.put("nesting beyond the parser's depth", "[".repeat(1_500) + "]".repeat(1_500));
        bodies.forEach((what, body) -> cases.add(new Case(route.key() + " with " + what, route.method(), route.validUri(),
                route.token(), "application/json", body.getBytes(StandardCharsets.UTF_8), 400)));
    }

    private static void wrongContentTypes(Route route, List<Case> cases) {
        byte[] valid = bodyBytes(route);
        for (String contentType : new String[] {null, "text/plain", "application/xml", "application/x-www-form-urlencoded",
                "application/json; charset=ISO-8859-1", "application/json-patch+json", "json", "a/b/c"}) {
            cases.add(new Case(route.key() + " sent as " + contentType, route.method(), route.validUri(), route.token(),
                    contentType, valid, 415));
        }
    }

    /** Every field of the valid body, and the first element of every array, broken one way at a time. */
    private static void malformedFields(Route route, List<Case> cases) {
        for (String field : fields(route.body())) {
            JsonNode valid = node(route.body(), field);
            String value = valid.isTextual() ? valid.textValue() : null;
            Map<String, String> jsonValues = new LinkedHashMap<>();
            jsonValues.put("the number 42", "42");
            jsonValues.put("true", "true");
            jsonValues.put("an object", "{}");
            jsonValues.put(valid.isArray() ? "a string" : "an array", valid.isArray() ? "\"x\"" : "[]");
            jsonValues.put("a huge number", "1e999999");
            jsonValues.put("a 40-digit integer", "1234567890123456789012345678901234567890");
            jsonValues.put("a 2000-digit number", "9".repeat(2_000));
            if (value != null && isUuid(value)) {
                for (String invalidUuid : List.of("not-a-uuid", "", "00000000-0000-0000-0000-00000000000g", value + "0")) {
                    jsonValues.put("the string \"" + invalidUuid + "\"", jsonString(invalidUuid));
                }
            }
            if (value != null) {
                // The valid text with an escape appended before its closing quote.
                String open = jsonString(value).substring(0, jsonString(value).length() - 1);
                jsonValues.put("an unpaired surrogate escape", open + "\\ud800\"");
                jsonValues.put("a NUL escape", open + "\\u0000\"");
            }
            jsonValues.forEach((what, jsonValue) -> {
                boolean textRule = what.contains("escape");
                cases.add(new Case(route.key() + " with " + field + " " + what, route.method(), route.validUri(),
                        route.token(), "application/json", withField(route.body(), field, jsonValue.getBytes(StandardCharsets.UTF_8)),
                        textRule ? ANY_4XX : 400));
            });
            if (value != null) {
                Map<String, byte[]> notUtf8 = Map.of(
                        "an overlong '.' (C0 AE)", new byte[] {(byte) 0xC0, (byte) 0xAE},
                        "an encoded surrogate (ED A0 80)", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        "the byte FF", new byte[] {(byte) 0xFF});
                notUtf8.forEach((what, bytes) -> cases.add(new Case(route.key() + " with " + field + " holding " + what,
                        route.method(), route.validUri(), route.token(), "application/json",
                        withField(route.body(), field, concat(("\"" + value).getBytes(StandardCharsets.UTF_8), bytes,
                                "\"".getBytes(StandardCharsets.UTF_8))), 400)));
            }
        }
    }

    /** Field names, with {@code name[0]} for the first element of an array. */
    private static List<String> fields(ObjectNode body) {
        List<String> fields = new ArrayList<>();
        body.properties().forEach(field -> {
            fields.add(field.getKey());
            if (field.getValue().isArray() && !field.getValue().isEmpty()) {
                fields.add(field.getKey() + "[0]");
            }
        });
        return fields;
    }

    private static JsonNode node(ObjectNode body, String field) {
        return field.endsWith("[0]") ? body.path(field.substring(0, field.length() - 3)).path(0) : body.path(field);
    }

    /** The body, with the field's value replaced by the given bytes, exactly as they are. */
    private static byte[] withField(ObjectNode body, String field, byte[] rawValue) {
        String marker = "@@" + UUID.randomUUID() + "@@";
        ObjectNode copy = body.deepCopy();
        if (field.endsWith("[0]")) {
            ((ArrayNode) copy.get(field.substring(0, field.length() - 3))).set(0, marker);
        } else {
            copy.put(field, marker);
        }
        String[] around = copy.toString().split("\"" + marker + "\"");
        return concat(around[0].getBytes(StandardCharsets.UTF_8), rawValue, around[1].getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(Case request) {
        HttpRequest.BodyPublisher body = request.body() == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(withFreshUsername(request.body()));
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(request.uri()))
                .timeout(Duration.ofSeconds(30))
                .method(request.method(), body);
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        if (request.token() != null) {
            builder.header("Authorization", "Bearer " + request.token());
        }
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.what(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] withFreshUsername(byte[] body) {
        String bytes = new String(body, StandardCharsets.ISO_8859_1);
        return bytes.replace(FRESH_USERNAME, "walker-" + UUID.randomUUID().toString().substring(0, 8))
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** What {@link ApiRoutes} registers, recorded without running any of it; HEAD is implied by GET. */
    private static Set<String> registeredRoutes() {
        Set<String> routes = new TreeSet<>();
        Set<String> methods = Set.of("get", "post", "put", "delete", "patch", "options");
        HttpRules recorder = (HttpRules) Proxy.newProxyInstance(HttpRules.class.getClassLoader(),
                new Class<?>[] {HttpRules.class}, (proxy, method, args) -> {
                    if (methods.contains(method.getName())) {
                        routes.add(method.getName().toUpperCase() + " " + args[0]);
                    }
                    return proxy;
                });
        new ApiRoutes(OpenApiEndpoint.fromClasspath(), new AuthEndpoints(null, null, null, null, null, null),
                new BearerAuthentication(null), new ConversationEndpoints(null, null), IdentityEndpoints.unwired(),
                new MessageEndpoints(null, null, null, null),
                new FileEndpoints(null, null),
                new AcceptLimit(new AcceptLimit.Settings(1, 1, Duration.ofSeconds(1)), OpenTelemetry.noop().getMeter("test")),
                new AcceptedMessages(OpenTelemetry.noop().getMeter("test")))
                .register(recorder);
        return routes;
    }

    private static String jsonTypeIfBody(Route route) {
        return route.body() == null ? null : "application/json";
    }

    private static byte[] bodyBytes(Route route) {
        return route.body() == null ? null : route.body().toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode object() {
        return ApiClient.JSON.createObjectNode();
    }

    private static Map<String, String> pathValues(String... namesAndValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return values;
    }

    /** The text as a JSON string literal, quotes included. */
    private static String jsonString(String text) {
        return ApiClient.JSON.getNodeFactory().textNode(text).toString();
    }

    private static JsonNode jsonOf(String body) {
        try {
            return ApiClient.JSON.readTree(body);
        } catch (IOException e) {
            return ApiClient.JSON.missingNode();
        }
    }

    private static boolean isUuid(String text) {
        try {
            return UUID.fromString(text).toString().equals(text);
        } catch (IllegalArgumentException notAUuid) {
            return false;
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
