package io.atelier.schemas.status;

import io.atelier.schemas.events.FailureReason;
import io.atelier.schemas.events.ImageRef;
import io.atelier.schemas.events.JobTimings;

import java.time.Instant;

/**
 * {@code jobs/{jobId}/status.json}: the durable state of a job, written by whoever moved it last, so
 * any replica can answer for any job.
 *
 * @param jobId         the job
 * @param state         where it is
 * @param style         style name
 * @param modelVersion  the model version that ran it, once known
 * @param output        the styled output, when succeeded
 * @param failureReason why it failed, when failed
 * @param message       details for people, when failed
 * @param timings       where the time went, when finished
 * @param updatedAt     when this record was written
 */
public record JobStatus(String jobId, JobState state, String style, String modelVersion, ImageRef output,
                        FailureReason failureReason, String message, JobTimings timings, Instant updatedAt) {
}
