package io.atelier.ingest.rest;

import io.atelier.ingest.jobs.JobService;
import io.atelier.ingest.jobs.JobSubmission;
import io.atelier.ingest.security.Roles;
import io.atelier.schemas.status.JobStatus;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The job API over HTTP; {@link JobService} does the work. {@code POST} answers 202 with the job's
 * links once the job is stored and queued.
 */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.USER)
public class JobResource {

    private static final Logger LOG = Logger.getLogger(JobResource.class);

    private final JobService jobs;
    private final SecurityIdentity caller;

    public JobResource(JobService jobs, SecurityIdentity caller) {
        this.jobs = jobs;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response submit(@RestForm("image") FileUpload image, @RestForm("style") String style,
                           @RestForm("maxSide") Integer maxSide, @RestForm("format") String format,
                           @HeaderParam("Idempotency-Key") String idempotencyKey,
                           @HeaderParam("traceparent") String traceparent) {
        String jobId = jobs.submit(caller.getPrincipal().getName(), new JobSubmission(image, style, maxSide, format),
                idempotencyKey, traceparent);
        return accepted(jobId);
    }

    @GET
    @Path("/{id}")
    public Response status(@PathParam("id") String id) {
        return Response.ok(jobs.view(jobs.status(id))).build();
    }

    /**
     * The job's status as server-sent events: the current one, then each change, until a terminal
     * one (or 30 minutes). Read from object storage every half second, so any replica can serve any
     * job; each open stream holds one worker thread.
     */
    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@PathParam("id") String id, @Context SseEventSink sink, @Context Sse sse) {
        JobStatus first = jobs.status(id);
        Infrastructure.getDefaultWorkerPool().execute(() -> stream(id, first, sink, sse));
    }

    /** Sends the status, then each change, until it is terminal, the client leaves or 30 minutes pass. */
    private void stream(String id, JobStatus first, SseEventSink sink, Sse sse) {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        try (sink) {
            JobStatus status = first;
            JobStatus sent = null;
            while (!sink.isClosed() && System.nanoTime() < deadline) {
                if (!status.equals(sent)) {
                    sink.send(sse.newEventBuilder().name(status.state().name().toLowerCase(Locale.ROOT))
                            .mediaType(MediaType.APPLICATION_JSON_TYPE).data(jobs.view(status)).build())
                            .toCompletableFuture().join();
                    sent = status;
                }
                if (status.state().terminal()) {
                    return;
                }
                Thread.sleep(500);
                status = jobs.status(id);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf("Event stream of job %s ended: %s", id, e.getMessage());
        }
    }

    private static Response accepted(String jobId) {
        return Response.accepted(Map.of("jobId", jobId, "status", "queued",
                "links", Map.of("self", "/api/v1/jobs/" + jobId, "events", "/api/v1/jobs/" + jobId + "/events")))
                .header("Location", "/api/v1/jobs/" + jobId).build();
    }
}
