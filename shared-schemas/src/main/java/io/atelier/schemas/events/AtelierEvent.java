package io.atelier.schemas.events;

/**
 * Every event Atelier puts on a topic. The permitted list is closed so that a new event cannot be
 * added without an {@link EventType}, a JSON Schema and a topic.
 */
public sealed interface AtelierEvent
        permits StyleJobRequested, StyleJobStarted, StyleJobCompleted, StyleJobFailed,
                TrainingRequested, TrainingProgress, TrainingFailed, ModelPublished {

    /** Version of the data's schema; bumped only for incompatible changes. */
    int schemaVersion();

    /** Kafka record key: keeps every event of one job, run or style on one partition, in order. */
    String partitionKey();
}
