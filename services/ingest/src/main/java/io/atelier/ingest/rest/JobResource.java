package io.atelier.ingest.rest;

import io.atelier.ingest.jobs.JobAccepted;
import io.atelier.ingest.jobs.JobService;
import io.atelier.ingest.jobs.JobSubmission;
import io.atelier.ingest.jobs.JobView;
import io.atelier.ingest.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.net.URI;
import java.util.Locale;

/**
 * The job API over HTTP; {@link JobService} does the work. {@code POST} answers 202 with the job's
 * links once the job is stored and queued.
 */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.USER)
@SecurityRequirement(name = IngestApi.API_KEY)
@SecurityRequirement(name = IngestApi.BEARER)
@APIResponse(responseCode = "401", ref = ProblemResponses.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
@APIResponse(responseCode = "503", ref = ProblemResponses.UNAVAILABLE)
public class JobResource {

    private final JobService jobs;
    private final SecurityIdentity caller;

    public JobResource(JobService jobs, SecurityIdentity caller) {
        this.jobs = jobs;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Style a photo", description = "Answered once the photo is stored and the job queued; "
            + "a retry with the same Idempotency-Key returns the same job.")
    @APIResponse(responseCode = "202", description = "Stored and queued",
            headers = @Header(name = "Location", description = "the job's status"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = JobAccepted.class)))
    @APIResponse(responseCode = "400", ref = ProblemResponses.BAD_REQUEST)
    @APIResponse(responseCode = "413", ref = ProblemResponses.TOO_LARGE)
    @APIResponse(responseCode = "415", ref = ProblemResponses.UNSUPPORTED_IMAGE)
    @APIResponse(responseCode = "409", ref = ProblemResponses.IN_PROGRESS)
    @APIResponse(responseCode = "422", ref = ProblemResponses.UNPROCESSABLE)
    @APIResponse(responseCode = "429", ref = ProblemResponses.RATE_LIMITED)
    public RestResponse<JobAccepted> submit(
            @RestForm("image") @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                    format = "binary", description = "a PNG, JPEG or GIF photo") FileUpload image,
            @RestForm("style") @Schema(description = "a style with a published model") String style,
            @RestForm("maxSide") @Min(16) @Max(8192) @Schema(description = "longest side of the output")
            Integer maxSide,
            @RestForm("format") @Pattern(regexp = JobSubmission.FORMATS, message = "must be png or jpeg")
            @Schema(enumeration = {"png", "jpeg"}, defaultValue = "png") String format,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        JobAccepted accepted = jobs.submit(caller.getPrincipal().getName(),
                new JobSubmission(image, style, maxSide, format), idempotencyKey);
        return RestResponse.ResponseBuilder.accepted(accepted).location(URI.create(accepted.links().self())).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A job's status", description = "A succeeded job has a presigned output URL.")
    @APIResponse(responseCode = "200", description = "The job's status", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "400", ref = ProblemResponses.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public JobView status(@PathParam("id") String id) {
        return jobs.view(jobs.status(id));
    }

    /**
     * The job's status as server-sent events: the current one, then each change, until a terminal one
     * (see {@link JobService#follow}). Returned as a stream so that RESTEasy Reactive writes the
     * response head before the first event; an unknown job is a 404 before the stream starts.
     */
    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    @Operation(summary = "A job's status as server-sent events", description = "The current status, then each "
            + "change, until it is terminal; each event is named after the status and carries a Job.")
    @APIResponse(responseCode = "200", description = "The event stream", content = @Content(
            mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "400", ref = ProblemResponses.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Multi<OutboundSseEvent> events(@PathParam("id") String id, @Context Sse sse) {
        // 400 or 404 (or 503) as a problem, before the stream starts
        return jobs.follow(jobs.status(id)).map(status -> sse.newEventBuilder()
                .name(status.state().name().toLowerCase(Locale.ROOT))
                .mediaType(MediaType.APPLICATION_JSON_TYPE).data(jobs.view(status)).build());
    }
}
