package io.chat4all.api.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code GET /openapi}: the hand-written OpenAPI document of the api, from the classpath. */
public final class OpenApiEndpoint {
    public static final String RESOURCE = "openapi.yaml";
    private static final String MEDIA_TYPE = "application/yaml; charset=UTF-8";

    private final byte[] document;

    private OpenApiEndpoint(byte[] document) {
        this.document = document;
    }

    public static OpenApiEndpoint fromClasspath() {
        try (InputStream in = OpenApiEndpoint.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new OpenApiEndpoint(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public void serve(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, MEDIA_TYPE).send(document);
    }
}
