package io.chat4all.api;

import io.chat4all.kit.http.*;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.chat4all.api.messages.HistoryQuery;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryParamsTest {

    @Test
    void absentParametersTakeTheirDefaults() {
        HistoryQuery query = HistoryQuery.parse(QueryParams.of(Map.of()));
        assertEquals(50, query.limit());
        assertEquals(Optional.empty(), query.after());
        assertFalse(query.ascending());
    }

    @Test
    void validParametersAreRead() {
        UUID position = Uuids.timeBased();
        HistoryQuery query = HistoryQuery.parse(QueryParams.of(Map.of(
                "limit", "100", "cursor", Cursors.encode(position), "order", "asc")));
        assertEquals(100, query.limit());
        assertEquals(Optional.of(position), query.after());
        assertTrue(query.ascending());
    }

    @Test
    void limitMustBeAnIntegerInRange() {
        for (String limit : List.of("0", "101", "-1", "abc", "1.5", "", "99999999999")) {
            assertEquals(List.of("limit"), fieldsOf(Map.of("limit", limit)), () -> "limit=" + limit);
        }
        assertEquals(1, HistoryQuery.parse(QueryParams.of(Map.of("limit", "1"))).limit());
    }

    @Test
    void everyBadParameterIsNamedInOneProblem() {
        assertEquals(List.of("limit", "cursor", "order"),
                fieldsOf(Map.of("limit", "0", "cursor", "nope", "order", "sideways")));
    }

    @Test
    void oneOfAcceptsOnlyItsWords() {
        QueryParams query = QueryParams.of(Map.of("order", "ASC"));
        assertEquals("desc", query.oneOf("order", Set.of("asc", "desc"), "desc"));
        assertThrows(ApiProblem.class, query::throwIfInvalid, "words are case-sensitive");
    }

    private static List<String> fieldsOf(Map<String, String> params) {
        ApiProblem problem = assertThrows(ApiProblem.class, () -> HistoryQuery.parse(QueryParams.of(params)));
        assertEquals(400, problem.status().code());
        return problem.errors().stream().map(FieldError::field).toList();
    }
}
