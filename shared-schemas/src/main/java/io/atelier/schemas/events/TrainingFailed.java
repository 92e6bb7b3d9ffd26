package io.atelier.schemas.events;

import java.time.Instant;

/**
 * A run ended without a model. The request also goes to the training dead-letter topic.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param runId         the run; absent only when the request was too malformed to name one
 * @param style         style name, when known
 * @param step          steps done before the failure
 * @param reason        stable failure code
 * @param message       what went wrong, for people
 * @param failedAt      when the run failed
 */
public record TrainingFailed(int schemaVersion, String runId, String style, long step, FailureReason reason,
                             String message, Instant failedAt) implements AtelierEvent {

    public static final int SCHEMA_VERSION = 1;

    /** Poison requests without a style still need a key; they all share this one. */
    public static final String UNKNOWN_STYLE_KEY = "unknown-style";

    @Override
    public String partitionKey() {
        return style == null ? UNKNOWN_STYLE_KEY : style;
    }
}
