package io.atelier.ingest.jobs;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The 202 answer to a job submission: the job is stored and queued.
 *
 * @param jobId  the job's id
 * @param status always {@code queued}
 * @param links  where to follow it
 */
@Schema(name = "JobAccepted", description = "The job is stored and queued.")
public record JobAccepted(
        @Schema(description = "The job's id", format = "uuid", required = true) String jobId,
        @Schema(description = "Always queued", enumeration = "queued", required = true) String status,
        @Schema(required = true) Links links) {

    /**
     * @param self   the job's status
     * @param events the job's status as server-sent events
     */
    @Schema(name = "JobLinks")
    public record Links(@Schema(required = true) String self, @Schema(required = true) String events) {
    }

    public static JobAccepted of(String jobId) {
        String self = "/api/v1/jobs/" + jobId;
        return new JobAccepted(jobId, "queued", new Links(self, self + "/events"));
    }
}
