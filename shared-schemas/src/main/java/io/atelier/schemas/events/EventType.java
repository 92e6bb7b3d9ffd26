package io.atelier.schemas.events;

import io.atelier.schemas.topics.Topics;

import java.util.Arrays;
import java.util.Optional;

/**
 * Binds each event record to its CloudEvents {@code type}, its JSON Schema and its topic.
 */
public enum EventType {
    STYLE_JOB_REQUESTED(StyleJobRequested.class, "style-job.requested", Topics.STYLE_JOBS),
    STYLE_JOB_STARTED(StyleJobStarted.class, "style-job.started", Topics.STYLE_JOB_RESULTS),
    STYLE_JOB_COMPLETED(StyleJobCompleted.class, "style-job.completed", Topics.STYLE_JOB_RESULTS),
    STYLE_JOB_FAILED(StyleJobFailed.class, "style-job.failed", Topics.STYLE_JOB_RESULTS),
    TRAINING_REQUESTED(TrainingRequested.class, "training.requested", Topics.TRAINING_REQUESTS),
    TRAINING_PROGRESS(TrainingProgress.class, "training.progress", Topics.TRAINING_EVENTS),
    TRAINING_FAILED(TrainingFailed.class, "training.failed", Topics.TRAINING_EVENTS),
    MODEL_PUBLISHED(ModelPublished.class, "model.published", Topics.MODELS);

    /** Prefix of every CloudEvents {@code type} Atelier emits. */
    public static final String TYPE_PREFIX = "io.atelier.";
    /** Schema version of every event type today; each record also states its own. */
    public static final int CURRENT_SCHEMA_VERSION = 1;

    private final Class<? extends AtelierEvent> recordClass;
    private final String name;
    private final String topic;

    EventType(Class<? extends AtelierEvent> recordClass, String name, String topic) {
        this.recordClass = recordClass;
        this.name = name;
        this.topic = topic;
    }

    public Class<? extends AtelierEvent> recordClass() {
        return recordClass;
    }

    /** CloudEvents {@code type}, for example {@code io.atelier.style-job.requested.v1}. */
    public String cloudEventType() {
        return TYPE_PREFIX + name + ".v" + CURRENT_SCHEMA_VERSION;
    }

    /** Classpath resource of the JSON Schema, also published as a plain file for other systems. */
    public String schemaResource() {
        return "atelier/schemas/" + name + ".schema.json";
    }

    /** URI named in {@code ce_dataschema}; it is the schema's {@code $id}. */
    public String schemaId() {
        return "https://schemas.atelier.io/v" + CURRENT_SCHEMA_VERSION + "/" + name + ".schema.json";
    }

    public String topic() {
        return topic;
    }

    public static EventType of(AtelierEvent event) {
        return ofRecord(event.getClass());
    }

    public static EventType ofRecord(Class<?> recordClass) {
        return Arrays.stream(values()).filter(t -> t.recordClass == recordClass).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no event type for " + recordClass.getName()));
    }

    public static Optional<EventType> ofCloudEventType(String type) {
        return Arrays.stream(values()).filter(t -> t.cloudEventType().equals(type)).findFirst();
    }
}
