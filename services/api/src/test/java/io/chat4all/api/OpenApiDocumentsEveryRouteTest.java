package io.chat4all.api;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.chat4all.api.auth.AuthEndpoints;
import io.chat4all.api.auth.BearerAuthentication;
import io.chat4all.api.conversations.ConversationEndpoints;
import io.chat4all.api.messages.AcceptLimit;
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
                new ConversationEndpoints(null, null),
                new MessageEndpoints(null, null, null, null),
                new AcceptLimit(new AcceptLimit.Settings(1, 1, Duration.ofSeconds(1)), OpenTelemetry.noop().getMeter("test")))
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
