package io.chat4all.api.conversations;

/** A member's role: admins change a group's membership. */
public enum Role {
    ADMIN,
    MEMBER
}
