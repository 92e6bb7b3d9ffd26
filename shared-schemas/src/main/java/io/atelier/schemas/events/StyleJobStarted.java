package io.atelier.schemas.events;

import java.time.Instant;

/**
 * A worker has taken a job, so status readers can show it as running.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param jobId         the job
 * @param style         style name
 * @param modelVersion  the model version the worker runs
 * @param worker        the worker's instance name
 * @param startedAt     when the worker took the job
 */
public record StyleJobStarted(int schemaVersion, String jobId, String style, String modelVersion,
                              String worker, Instant startedAt) implements AtelierEvent {

    public static final int SCHEMA_VERSION = 1;

    @Override
    public String partitionKey() {
        return jobId;
    }
}
