package io.chat4all.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CqlScriptTest {

    @Test
    void splitsOnSemicolonsAndDropsCommentsAndBlankStatements() {
        List<String> statements = CqlScript.statements("""
                -- a heading; with a semicolon
                CREATE KEYSPACE k WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};

                CREATE TABLE k.t (
                    id   uuid PRIMARY KEY, -- the key; unique
                    body text             // trailing comment
                ); ;
                /* block; comment */ CREATE TABLE k.u (id int PRIMARY KEY)
                """);

        assertEquals(3, statements.size());
        assertEquals("CREATE KEYSPACE k WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
                statements.get(0));
        assertTrue(statements.get(1).startsWith("CREATE TABLE k.t ("), statements.get(1));
        assertFalse(statements.get(1).contains("unique"), statements.get(1));
        assertFalse(statements.get(1).contains("trailing"), statements.get(1));
        assertEquals("CREATE TABLE k.u (id int PRIMARY KEY)", statements.get(2));
    }

    @Test
    void keepsSemicolonsAndCommentMarkersInsideQuotes() {
        List<String> statements = CqlScript.statements(
                "INSERT INTO t (a, b) VALUES ('x; -- y', 'it''s; fine'); SELECT \"odd;name\" FROM t;");

        assertEquals(List.of("INSERT INTO t (a, b) VALUES ('x; -- y', 'it''s; fine')", "SELECT \"odd;name\" FROM t"),
                statements);
    }

    @Test
    void rejectsAnUnterminatedString() {
        assertThrows(IllegalArgumentException.class, () -> CqlScript.statements("INSERT INTO t VALUES ('oops);"));
    }

    @Test
    void theRepositorySchemaSplitsIntoItsKeyspaceAndTablesAllIdempotent() {
        List<String> statements = CqlScript.statements(ConfigFiles.resource("/cassandra/schema.cql"));

        assertTrue(statements.get(0).startsWith("CREATE KEYSPACE IF NOT EXISTS chat4all"), statements.get(0));
        assertTrue(statements.size() > 1);
        for (String statement : statements) {
            // Applied on every start: only statements that are no-ops the second time.
            assertTrue(statement.matches("(?s)CREATE (KEYSPACE|TABLE) IF NOT EXISTS .*")
                    || statement.matches("(?s)ALTER TABLE \\S+ ADD IF NOT EXISTS .*"), statement);
            assertFalse(statement.contains("--"), statement);
        }
    }
}
