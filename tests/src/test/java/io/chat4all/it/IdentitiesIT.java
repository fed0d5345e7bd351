package io.chat4all.it;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.datastax.oss.driver.api.core.cql.Row;
import io.chat4all.it.ApiClient.Response;
import io.chat4all.it.ApiClient.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.chat4all.it.ApiClient.require;
import static io.chat4all.it.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Linking, listing and unlinking external identities: one per user, one user per address (ADR 0003). */
@ExtendWith(TestStack.class)
class IdentitiesIT {
    private static final String IDENTITIES = "/v1/users/me/identities";

    /** A WhatsApp number no other test of this run uses. */
    static String freshNumber() {
        return "+55" + (1_000_000_000L + ThreadLocalRandom.current().nextLong(9_000_000_000L));
    }

    /** An Instagram handle no other test of this run uses. */
    static String freshHandle() {
        return "ig_" + Long.toHexString(System.nanoTime()) + "_" + ThreadLocalRandom.current().nextInt(1000);
    }

    static void link(ApiClient api, User user, String channel, String address) {
        require(api.post(IDENTITIES, Map.of("channel", channel, "address", address), user.token()), 201);
    }

    @Test
    void aLinkIsStoredListedIdempotentAndUnlinked(ApiClient api, CassandraProbe cassandra) {
        User ana = api.newUser("ana");
        String number = freshNumber();

        Response linked = require(api.post(IDENTITIES, Map.of("channel", "whatsapp", "address", number), ana.token()), 201);
        assertEquals("whatsapp", linked.json().path("channel").asText());
        assertEquals(number, linked.json().path("address").asText());
        Response again = require(api.post(IDENTITIES, Map.of("channel", "WhatsApp", "address", number), ana.token()), 200);
        assertEquals(linked.json(), again.json(), "linking the same identity again answers it as it was linked");

        Response listed = require(api.get(IDENTITIES, ana.token()), 200);
        assertEquals(1, listed.json().path("items").size());
        assertEquals(linked.json(), listed.json().path("items").get(0));
        Row byUser = cassandra.session().execute("SELECT channel, address FROM identities_by_user WHERE user_id = ?",
                ana.id()).one();
        assertEquals(number, byUser.getString("address"));
        assertEquals(ana.id(), owner(cassandra, "whatsapp", number));

        assertEquals(204, api.delete(IDENTITIES + "/whatsapp", ana.token()).status());
        assertEquals(0, require(api.get(IDENTITIES, ana.token()), 200).json().path("items").size());
        assertNull(owner(cassandra, "whatsapp", number), "the address is free again");
        assertProblem(api.delete(IDENTITIES + "/whatsapp", ana.token()), 404);
    }

    @Test
    void anAddressBelongsToOneUser(ApiClient api) {
        User ana = api.newUser("ana");
        User bia = api.newUser("bia");
        String number = freshNumber();
        link(api, ana, "whatsapp", number);

        Response taken = assertProblem(api.post(IDENTITIES, Map.of("channel", "whatsapp", "address", number),
                bia.token()), 409);
        assertTrue(taken.json().path("detail").asText().contains("another user"), taken::toString);
        assertEquals(0, require(api.get(IDENTITIES, bia.token()), 200).json().path("items").size());

        assertEquals(204, api.delete(IDENTITIES + "/whatsapp", ana.token()).status());
        link(api, bia, "whatsapp", number);
    }

    @Test
    void aSecondIdentityNeedsAnUnlinkFirst(ApiClient api, CassandraProbe cassandra) {
        User ana = api.newUser("ana");
        String handle = "ana_" + Long.toHexString(System.nanoTime());
        link(api, ana, "whatsapp", freshNumber());

        Response second = assertProblem(api.post(IDENTITIES, Map.of("channel", "instagram", "address", handle),
                ana.token()), 409);
        assertTrue(second.json().path("detail").asText().contains("unlink"), second::toString);
        assertNull(owner(cassandra, "instagram", handle), "the refused address stays free");
        assertProblem(api.delete(IDENTITIES + "/instagram", ana.token()), 404);

        assertEquals(204, api.delete(IDENTITIES + "/whatsapp", ana.token()).status());
        Response instagram = require(api.post(IDENTITIES, Map.of("channel", "instagram", "address",
                handle.toUpperCase()), ana.token()), 201);
        assertEquals(handle, instagram.json().path("address").asText(), "handles are kept in lower case");
    }

    @Test
    void invalidIdentitiesAreA400NamingTheField(ApiClient api) {
        User ana = api.newUser("ana");
        assertField(api.post(IDENTITIES, Map.of("channel", "telegram", "address", "+5511987654321"), ana.token()),
                "channel");
        assertField(api.post(IDENTITIES, Map.of("channel", "whatsapp", "address", "11987654321"), ana.token()),
                "address");
        assertField(api.post(IDENTITIES, Map.of("channel", "instagram", "address", ".dot.first"), ana.token()),
                "address");
        assertField(api.post(IDENTITIES, Map.of("channel", "whatsapp"), ana.token()), "address");
        assertField(api.delete(IDENTITIES + "/sms", ana.token()), "channel");
        assertEquals(0, require(api.get(IDENTITIES, ana.token()), 200).json().path("items").size());
        assertProblem(api.get(IDENTITIES, null), 401);
    }

    private static void assertField(Response response, String field) {
        assertProblem(response, 400);
        assertEquals(field, response.json().path("errors").get(0).path("field").asText(), response::toString);
    }

    private static java.util.UUID owner(CassandraProbe cassandra, String channel, String address) {
        Row row = cassandra.session().execute("SELECT user_id FROM identities WHERE channel = ? AND address = ?",
                channel, address).one();
        return row == null ? null : row.getUuid("user_id");
    }
}
