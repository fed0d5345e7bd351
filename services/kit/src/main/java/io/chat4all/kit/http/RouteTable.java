package io.chat4all.kit.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;

/**
 * Registers routes on {@link HttpRules} and remembers which methods each path accepts, so that a known path asked
 * with another method is answered 405 with {@code Allow} rather than 404. Every GET route answers HEAD too, with
 * GET's status and headers and no body.
 */
public final class RouteTable {
    private final HttpRules rules;
    private final Map<String, Set<String>> methodsByPath = new LinkedHashMap<>();

    public RouteTable(HttpRules rules) {
        this.rules = rules;
    }

    public RouteTable get(String path, Handler handler) {
        rules.get(path, handler);
        rules.head(path, (req, res) -> handler.handle(req, HeadResponse.of(req, res)));
        remember(Method.GET, path);
        return remember(Method.HEAD, path);
    }

    public RouteTable post(String path, Handler handler) {
        rules.post(path, handler);
        return remember(Method.POST, path);
    }

    public RouteTable put(String path, Handler handler) {
        rules.put(path, handler);
        return remember(Method.PUT, path);
    }

    public RouteTable delete(String path, Handler handler) {
        rules.delete(path, handler);
        return remember(Method.DELETE, path);
    }

    /** Call after every route: the 405 answers must come after the routes they stand behind. */
    public void refuseOtherMethods() {
        methodsByPath.forEach((path, methods) -> {
            String allow = String.join(", ", methods);
            rules.any(path, (req, res) -> ProblemHandlers.send(req, res, ApiProblem.of(Status.METHOD_NOT_ALLOWED_405,
                            req.prologue().method().text() + " is not allowed here; use " + allow)
                    .withHeader("Allow", allow)));
        });
    }

    private RouteTable remember(Method method, String path) {
        methodsByPath.computeIfAbsent(path, p -> new TreeSet<>()).add(method.text());
        return this;
    }
}
