package io.atelier.ingest.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.atelier.schemas.events.JobTimings;
import io.atelier.schemas.status.JobState;
import io.atelier.schemas.status.JobStatus;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.Locale;

/**
 * A job's status as the API shows it: the stored {@link JobStatus} without storage details, and a
 * succeeded job's output as a presigned URL instead of an object key.
 *
 * @param jobId        the job's id
 * @param status       queued, running, succeeded or failed
 * @param style        the style it is styled with
 * @param modelVersion the model version that styled it, once known
 * @param updatedAt    when the status last changed
 * @param timings      how long each stage took, once it finished
 * @param failure      why it failed; only when failed
 * @param output       the styled image; only when succeeded
 */
@Schema(name = "Job", description = "A job's current status.")
public record JobView(
        @Schema(format = "uuid", required = true) String jobId,
        @Schema(enumeration = {"queued", "running", "succeeded", "failed"}, required = true) String status,
        String style,
        String modelVersion,
        Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) JobTimings timings,
        @JsonInclude(JsonInclude.Include.NON_NULL) Failure failure,
        @JsonInclude(JsonInclude.Include.NON_NULL) Output output) {

    /**
     * @param reason  the failure reason, e.g. {@code INPUT_INVALID}
     * @param message what went wrong
     */
    @Schema(name = "JobFailure")
    public record Failure(String reason, String message) {
    }

    /**
     * @param url         a presigned URL that anyone holding it can read until {@code expiresAt}
     * @param expiresAt   when the URL stops working
     * @param width       width in pixels
     * @param height      height in pixels
     * @param contentType {@code image/png} or {@code image/jpeg}
     */
    @Schema(name = "JobOutput")
    public record Output(String url, Instant expiresAt, int width, int height, String contentType) {
    }

    /** The view of a status; {@code output} is the presigned output, given only for a succeeded job. */
    static JobView of(JobStatus status, Output output) {
        return new JobView(status.jobId(), status.state().name().toLowerCase(Locale.ROOT), status.style(),
                status.modelVersion(), status.updatedAt(), status.timings(),
                status.state() == JobState.FAILED ? new Failure(String.valueOf(status.failureReason()),
                        String.valueOf(status.message())) : null,
                status.state() == JobState.SUCCEEDED ? output : null);
    }
}
