package io.chat4all.api.conversations;

import java.util.UUID;

public record Member(UUID userId, Role role) {
}
