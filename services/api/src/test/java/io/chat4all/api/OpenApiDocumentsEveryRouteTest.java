package io.chat4all.api;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.chat4all.api.auth.AuthEndpoints;
import io.chat4all.api.auth.BearerAuthentication;
import io.chat4all.api.conversations.ConversationEndpoints;
import io.chat4all.api.files.FileEndpoints;
import io.chat4all.api.identities.IdentityEndpoints;
import io.chat4all.api.messages.AcceptLimit;
import io.chat4all.api.messages.AcceptedMessages;
import io.chat4all.api.messages.MessageEndpoints;
import io.chat4all.api.openapi.OpenApiEndpoint;
import io.helidon.webserver.http.HttpRules;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** openapi.yaml and {@link ApiRoutes} describe the same routes: none undocumented, none documented but missing. */
class OpenApiDocumentsEveryRouteTest {
    private static final Set<String> HTTP_METHODS = Set.of("get", "post", "put", "delete", "patch", "head", "options");
    /** Paths served outside ApiRoutes (Helidon's observe feature) carry this marker in the document. */
    private static final String OUTSIDE_ROUTING = "x-chat4all-outside-routing";

    private static JsonNode document;

    @BeforeAll
    static void readDocument() throws IOException {
        try (InputStream in = OpenApiDocumentsEveryRouteTest.class.getClassLoader().getResourceAsStream(OpenApiEndpoint.RESOURCE)) {
            document = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    @Test
    void documentedRoutesAreExactlyTheRegisteredOnes() {
        Set<String> registered = registeredRoutes();
        assertFalse(registered.isEmpty());
        assertEquals(documentedRoutes(), registered);
    }

    @Test
    void everyV1OperationNeedsATokenAndDocumentsTheRefusal() {
        forEachOperation((route, operation) -> {
            if (route.contains(" /v1/")) {
                assertTrue(operation.path("security").toString().contains("bearer"), () -> route + " declares bearer security");
                assertTrue(operation.path("responses").has("401"), () -> route + " documents its 401");
            }
        });
    }

    @Test
    void everyRoutedOperationDocumentsTheRefusalsItCanGive() {
        forEachRoutedOperation((route, operation) -> {
            JsonNode responses = operation.path("responses");
            assertTrue(responses.has("500"), () -> route + " documents its 500");
            if (operation.has("requestBody") || parameters(route, operation)) {
                assertTrue(responses.has("400"), () -> route + " documents its 400");
            }
            if (operation.has("requestBody")) {
                assertTrue(responses.has("413"), () -> route + " documents its 413");
                assertTrue(responses.has("415"), () -> route + " documents its 415");
            }
        });
    }

    @Test
    void everyErrorIsAProblemDocument() {
        forEachRoutedOperation((route, operation) -> operation.path("responses").properties().forEach(answer -> {
            if (Integer.parseInt(answer.getKey()) >= 400) {
                JsonNode content = resolve(answer.getValue()).path("content");
                assertEquals(Set.of("application/problem+json"), fieldNames(content), () -> route + " " + answer.getKey());
            }
        }));
        JsonNode internalError = document.at("/components/responses/InternalError/content/application~1problem+json/schema");
        assertTrue(internalError.toString().contains("\"required\":[\"error_id\"]"), "a 500 carries its error_id");
    }

    /**
     * The api refuses empty text in every field it stores, so the document says so for every free-form string of a
     * body. A login password is only compared with the account's: a wrong one, even empty, is a 401.
     */
    @Test
    void everyTextFieldOfARequestBodyHasAMinimumLength() {
        Set<String> compared = Set.of("POST /auth/token password");
        forEachRoutedOperation((route, operation) -> {
            JsonNode body = operation.path("requestBody").path("content").path("application/json").path("schema");
            List<JsonNode> schemas = new ArrayList<>();
            body.path("oneOf").forEach(schemas::add);
            if (schemas.isEmpty() && !body.isMissingNode()) {
                schemas.add(body);
            }
            schemas.stream().map(OpenApiDocumentsEveryRouteTest::resolve).forEach(schema ->
                    schema.path("properties").properties().forEach(property -> {
                        JsonNode field = property.getValue();
                        boolean freeText = field.path("type").asText().equals("string")
                                && !field.has("format") && !field.has("const") && !field.has("enum");
                        if (freeText && !compared.contains(route + " " + property.getKey())) {
                            assertTrue(field.path("minLength").asInt(0) >= 1, () -> route + " " + property.getKey() + " has a minLength");
                        }
                    }));
        });
    }

    @Test
    void theDocumentHasTheShapeItDocumentsForItself() {
        JsonNode self = document.at("/paths/~1openapi/get/responses/200/content/application~1yaml/schema");
        assertEquals("object", self.path("type").asText());
        self.path("required").forEach(key -> assertTrue(document.has(key.asText()), () -> "the document has " + key));
    }

    @Test
    void everyReferenceResolves() {
        document.findValues("$ref").forEach(ref -> {
            String pointer = ref.asText().substring(1);
            assertFalse(document.at(pointer).isMissingNode(), () -> "unresolved " + ref.asText());
        });
    }

    /** Runs the api's route registration against HttpRules that only record what is registered. */
    private static Set<String> registeredRoutes() {
        Set<String> routes = new TreeSet<>();
        HttpRules recorder = (HttpRules) Proxy.newProxyInstance(HttpRules.class.getClassLoader(),
                new Class<?>[] {HttpRules.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.equals("head")) {
                        // RouteTable answers HEAD on every GET path, as HTTP requires; the document leaves it implied.
                        return proxy;
                    }
                    if (HTTP_METHODS.contains(name)) {
                        if (!(args[0] instanceof String path)) {
                            return fail(name + " without a path would match every path");
                        }
                        routes.add(name.toUpperCase() + " " + path);
                    } else if (name.equals("register") || name.equals("route")) {
                        return fail(name + "(...) hides routes from this check: register them with get/post/put/delete");
                    }
                    // any(...): the 405 answers behind the routes above.
                    return proxy;
                });
        // The routes are only recorded, never called: the endpoints need no collaborators.
        new ApiRoutes(OpenApiEndpoint.fromClasspath(),
                new AuthEndpoints(null, null, null, null, null, null),
                new BearerAuthentication(null),
                new ConversationEndpoints(null, null), IdentityEndpoints.unwired(),
                new MessageEndpoints(null, null, null, null),
                new FileEndpoints(null, null),
                new AcceptLimit(new AcceptLimit.Settings(1, 1, Duration.ofSeconds(1)), OpenTelemetry.noop().getMeter("test")),
                new AcceptedMessages(OpenTelemetry.noop().getMeter("test")))
                .register(recorder);
        return routes;
    }

    private static Set<String> documentedRoutes() {
        Set<String> routes = new TreeSet<>();
        document.path("paths").properties().forEach(path -> {
            if (!path.getValue().path(OUTSIDE_ROUTING).asBoolean(false)) {
                forEachMethod(path, (method, operation) -> routes.add(method.toUpperCase() + " " + path.getKey()));
            }
        });
        return routes;
    }

    private static boolean parameters(String route, JsonNode operation) {
        return route.contains("{") || operation.has("parameters");
    }

    /** Follows a {@code $ref} within the document. */
    private static JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? resolve(document.at(node.path("$ref").asText().substring(1))) : node;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The operations of ApiRoutes, whose errors all go through the api's problem handlers. */
    private static void forEachRoutedOperation(java.util.function.BiConsumer<String, JsonNode> action) {
        document.path("paths").properties().forEach(path -> {
            if (!path.getValue().path(OUTSIDE_ROUTING).asBoolean(false)) {
                forEachMethod(path, (method, operation) -> action.accept(method.toUpperCase() + " " + path.getKey(), operation));
            }
        });
    }

    private static void forEachOperation(java.util.function.BiConsumer<String, JsonNode> action) {
        document.path("paths").properties().forEach(path ->
                forEachMethod(path, (method, operation) -> action.accept(method.toUpperCase() + " " + path.getKey(), operation)));
    }

    private static void forEachMethod(Map.Entry<String, JsonNode> path, java.util.function.BiConsumer<String, JsonNode> action) {
        Iterator<Map.Entry<String, JsonNode>> fields = path.getValue().fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (HTTP_METHODS.contains(field.getKey())) {
                action.accept(field.getKey(), field.getValue());
            }
        }
    }
}
