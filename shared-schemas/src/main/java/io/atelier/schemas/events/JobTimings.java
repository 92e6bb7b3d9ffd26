package io.atelier.schemas.events;

/**
 * Where a job's time went, in milliseconds.
 *
 * @param queueWaitMs from {@code requestedAt} until a worker took the job
 * @param downloadMs  reading the input
 * @param inferenceMs running the model
 * @param encodeMs    encoding the output
 * @param uploadMs    storing the output and status
 * @param totalMs     from {@code requestedAt} to completion
 */
public record JobTimings(long queueWaitMs, long downloadMs, long inferenceMs, long encodeMs, long uploadMs,
                         long totalMs) {
}
