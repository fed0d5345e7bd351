package io.chat4all.api.identities;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.contracts.Channel;
import io.chat4all.kit.http.ApiProblem;
import io.chat4all.kit.http.FieldError;
import io.chat4all.kit.http.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NewIdentityTest {
    @Test
    void aValidAddressIsKeptInCanonicalForm() throws Exception {
        assertEquals(new NewIdentity(Channel.INSTAGRAM, "ana.souza_"),
                NewIdentity.parse(json("{\"channel\":\"Instagram\",\"address\":\"Ana.Souza_\"}")));
        assertEquals(new NewIdentity(Channel.WHATSAPP, "+5511987654321"),
                NewIdentity.parse(json("{\"channel\":\"whatsapp\",\"address\":\"+5511987654321\"}")));
    }

    @Test
    void anAddressThatDoesNotFitTheChannelNamesTheAddress() {
        assertEquals(List.of(new FieldError("address", "must be " + Channel.WHATSAPP.addressShape())),
                errors("{\"channel\":\"whatsapp\",\"address\":\"5511987654321\"}"));
        assertEquals(List.of(new FieldError("address", "must be " + Channel.INSTAGRAM.addressShape())),
                errors("{\"channel\":\"instagram\",\"address\":\"two..periods\"}"));
    }

    @Test
    void anUnknownChannelNamesTheChannel() {
        assertEquals(List.of(new FieldError("channel", "must be one of whatsapp, instagram")),
                errors("{\"channel\":\"telegram\",\"address\":\"+5511987654321\"}"));
    }

    @Test
    void missingAndMistypedFieldsAreEachNamed() {
        assertEquals(List.of(new FieldError("channel", "is required"), new FieldError("address", "must be a string")),
                errors("{\"address\":42}"));
    }

    @Test
    void aPathChannelThatNamesNoneIsA400() {
        assertEquals(Channel.WHATSAPP, NewIdentity.channelOf("whatsapp"));
        ApiProblem problem = assertThrows(ApiProblem.class, () -> NewIdentity.channelOf("sms"));
        assertEquals(400, problem.status().code());
        assertEquals("channel", problem.errors().get(0).field());
    }

    private static List<FieldError> errors(String body) {
        return assertThrows(ApiProblem.class, () -> NewIdentity.parse(json(body))).errors();
    }

    private static JsonNode json(String body) throws Exception {
        return Json.MAPPER.readTree(body);
    }
}
