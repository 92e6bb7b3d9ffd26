package io.atelier.schemas.events;

import java.time.Instant;

/**
 * The styled output is stored. A redelivered job emits the same completion for the same object.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param jobId         the job
 * @param style         style name
 * @param modelVersion  the model version that produced the output
 * @param output        claim check of the styled image
 * @param timings       where the time went
 * @param completedAt   when the output and status were stored
 */
public record StyleJobCompleted(int schemaVersion, String jobId, String style, String modelVersion,
                                ImageRef output, JobTimings timings, Instant completedAt) implements AtelierEvent {

    public static final int SCHEMA_VERSION = 1;

    @Override
    public String partitionKey() {
        return jobId;
    }
}
