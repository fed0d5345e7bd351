package io.chat4all.it;

import io.chat4all.it.ApiClient.Response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks that an answer is the api's one error shape: application/problem+json with status, title and type. */
final class Problems {
    private Problems() {
    }

    static Response assertProblem(Response response, int status) {
        assertEquals(status, response.status(), () -> "status of " + response);
        assertTrue(response.contentType().startsWith("application/problem+json"), () -> "content type of " + response);
        assertEquals(status, response.json().path("status").asInt(), () -> "problem status in " + response);
        assertFalse(response.json().path("title").asText().isBlank(), () -> "problem title in " + response);
        assertFalse(response.json().path("type").asText().isBlank(), () -> "problem type in " + response);
        return response;
    }
}
