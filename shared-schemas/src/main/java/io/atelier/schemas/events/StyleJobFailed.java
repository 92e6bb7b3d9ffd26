package io.atelier.schemas.events;

import java.time.Instant;

/**
 * A job reached its terminal failure. The original record also goes to the dead-letter topic.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param jobId         the job; absent only when the event was too malformed to name one
 * @param style         style name, when known
 * @param reason        stable failure code
 * @param message       what went wrong, for people
 * @param retryable     whether sending the same request again may succeed
 * @param failedAt      when the job failed
 */
public record StyleJobFailed(int schemaVersion, String jobId, String style, FailureReason reason, String message,
                             boolean retryable, Instant failedAt) implements AtelierEvent {

    public static final int SCHEMA_VERSION = 1;

    /** Poison records without a job id still need a key; they all share this one. */
    public static final String UNKNOWN_JOB_KEY = "unknown-job";

    @Override
    public String partitionKey() {
        return jobId == null ? UNKNOWN_JOB_KEY : jobId;
    }
}
