package io.chat4all.contracts;

/**
 * A Kafka topic the services use, with the partition count the launcher (and compose's init job) creates it with.
 * Partitions bound how many instances of a consumer share the work.
 */
public record Topic(String name, int partitions) {
    public Topic {
        if (name == null || name.isBlank() || partitions < 1) {
            throw new IllegalArgumentException("a topic needs a name and at least one partition");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
