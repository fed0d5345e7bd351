package io.chat4all.api.conversations;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.chat4all.kit.http.RequestFields;
import io.chat4all.contracts.TextRule;

/** The body of {@code POST /v1/conversations}: a private conversation with one user, or a named group. */
public sealed interface NewConversation {
    int MAX_NAME_LENGTH = 100;
    /** A group's name: one line of at most 100 characters (code points). */
    TextRule NAME_RULE = TextRule.singleLine(MAX_NAME_LENGTH, TextRule.LengthUnit.CODE_POINTS);

    /** A private conversation between the caller and {@code memberId}. */
    record Private(UUID memberId) implements NewConversation {
    }

    /** A group named {@code name}; the caller joins as admin, {@code memberIds} (distinct) as members. */
    record Group(String name, Set<UUID> memberIds) implements NewConversation {
    }

    static NewConversation parse(JsonNode body) {
        RequestFields fields = RequestFields.of(body);
        String type = fields.requiredText("type");
        if ("private".equals(type)) {
            return parsePrivate(fields);
        }
        if ("group".equals(type)) {
            return parseGroup(fields);
        }
        if (type != null) {
            fields.reject("type", "must be \"private\" or \"group\"");
        }
        throw fields.problem();
    }

    private static Private parsePrivate(RequestFields fields) {
        UUID memberId = fields.requiredUuid("member_id");
        fields.throwIfInvalid();
        return new Private(memberId);
    }

    private static Group parseGroup(RequestFields fields) {
        String name = fields.requiredText("name", NAME_RULE);
        List<UUID> memberIds = fields.requiredUuidList("member_ids");
        Set<UUID> distinct = new LinkedHashSet<>(memberIds);
        if (distinct.size() > Conversations.MAX_MEMBERS) {
            fields.reject("member_ids", "a group has at most " + Conversations.MAX_MEMBERS + " members");
        }
        fields.throwIfInvalid();
        return new Group(name, distinct);
    }
}
