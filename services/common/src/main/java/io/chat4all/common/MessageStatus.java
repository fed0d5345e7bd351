package io.chat4all.common;

/**
 * Where a message is in its life, per recipient. Statuses only move forward: ACCEPTED (the api has it in Kafka),
 * SENT (the router stored it), READ (the recipient said so). Connectors add delivery states in a later milestone.
 */
public enum MessageStatus {
    ACCEPTED,
    SENT,
    READ
}
