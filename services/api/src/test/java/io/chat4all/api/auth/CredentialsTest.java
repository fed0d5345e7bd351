package io.chat4all.api.auth;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.kit.http.ApiProblem;
import io.chat4all.kit.http.FieldError;
import io.chat4all.kit.http.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CredentialsTest {

    @Test
    void validRegistrationIsRead() throws Exception {
        Credentials credentials = Credentials.forRegistration(json("{\"username\":\"ann.o-n_1\",\"password\":\"12345678\"}"));
        assertEquals("ann.o-n_1", credentials.username());
        assertEquals("12345678", credentials.password());
    }

    @Test
    void usernamesAreShortAndPlain() throws Exception {
        for (String username : List.of("ab", "x".repeat(33), "with space", "émile", "semi;colon", "")) {
            assertEquals(List.of("username"), registrationErrors("{\"username\":\"" + username + "\",\"password\":\"12345678\"}"),
                    username);
        }
        Credentials.forRegistration(json("{\"username\":\"" + "x".repeat(32) + "\",\"password\":\"12345678\"}"));
    }

    @Test
    void passwordsAreEightToSeventyTwoBytes() throws Exception {
        assertEquals(List.of("password"), registrationErrors("{\"username\":\"ann\",\"password\":\"1234567\"}"));
        assertEquals(List.of("password"), registrationErrors("{\"username\":\"ann\",\"password\":\"" + "€".repeat(25) + "\"}"),
                "75 bytes, though 25 characters");
        Credentials.forRegistration(json("{\"username\":\"ann\",\"password\":\"" + "€".repeat(24) + "\"}"));
    }

    @Test
    void missingAndMistypedFieldsAreNamed() throws Exception {
        assertEquals(List.of("username", "password"), registrationErrors("{}"));
        assertEquals(List.of("username", "password"), registrationErrors("{\"username\":5,\"password\":[\"x\"]}"));
        assertEquals(List.of("username"), registrationErrors("{\"username\":null,\"password\":\"12345678\"}"));
    }

    @Test
    void loginTakesAnyStringsButNoMoreThanBcryptReads() throws Exception {
        assertEquals("x", Credentials.forLogin(json("{\"username\":\"x\",\"password\":\"y\"}")).username());
        assertEquals(List.of("password"), loginErrors("{\"username\":\"x\",\"password\":\"" + "a".repeat(73) + "\"}"));
    }

    @Test
    void loginRefusesWhatCouldNeverHaveBeenRegistered() {
        assertEquals(List.of("username"), loginErrors("{\"username\":\"\",\"password\":\"whatever1\"}"), "empty");
        assertEquals(List.of("username"), loginErrors("{\"username\":\"  \",\"password\":\"whatever1\"}"), "blank");
        assertEquals(List.of("username"), loginErrors("{\"username\":\"\\ud800\",\"password\":\"whatever1\"}"));
        assertEquals(List.of("username"), loginErrors("{\"username\":\"" + "x".repeat(256) + "\",\"password\":\"whatever1\"}"));
        assertEquals(List.of("password"), loginErrors("{\"username\":\"ann\",\"password\":\"\\ud800\"}"),
                "an unpaired surrogate would be hashed as '?', so '?' would log in");
    }

    @Test
    void passwordsAreOneLineOfValidUnicode() throws Exception {
        assertEquals(List.of("password"), registrationErrors("{\"username\":\"ann\",\"password\":\"1234567\\ud800\"}"));
        assertEquals(List.of("password"), registrationErrors("{\"username\":\"ann\",\"password\":\"12345678\\u0000\"}"));
        assertEquals(List.of("password"), registrationErrors("{\"username\":\"ann\",\"password\":\"          \"}"));
        assertEquals(List.of("username"), registrationErrors("{\"username\":\"\\u00c0\\u00ae\",\"password\":\"12345678\"}"));
    }

    @Test
    void thePasswordStaysOutOfLogs() {
        assertFalse(new Credentials("ann", "hunter22").toString().contains("hunter22"));
    }

    private static List<String> registrationErrors(String body) throws Exception {
        JsonNode json = json(body);
        ApiProblem problem = assertThrows(ApiProblem.class, () -> Credentials.forRegistration(json));
        return problem.errors().stream().map(FieldError::field).toList();
    }

    private static List<String> loginErrors(String body) {
        ApiProblem problem = assertThrows(ApiProblem.class, () -> Credentials.forLogin(json(body)));
        assertEquals(400, problem.status().code());
        return problem.errors().stream().map(FieldError::field).toList();
    }

    private static JsonNode json(String body) throws Exception {
        return Json.MAPPER.readTree(body);
    }
}
