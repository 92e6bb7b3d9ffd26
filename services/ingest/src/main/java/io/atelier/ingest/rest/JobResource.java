package io.atelier.ingest.rest;

import io.atelier.common.rest.Problem;
import io.atelier.common.storage.ObjectStore;
import io.atelier.ingest.IngestProblem;
import io.atelier.ingest.NormalisedImage;
import io.atelier.ingest.config.IngestConfig;
import io.atelier.ingest.messaging.EventProducer;
import io.atelier.ingest.security.RateLimiter;
import io.atelier.ingest.security.Roles;
import io.atelier.ingest.storage.IdempotencyKeys;
import io.atelier.ingest.validation.ImageInspector;
import io.atelier.schemas.cloudevents.TraceParent;
import io.atelier.schemas.events.ImageRef;
import io.atelier.schemas.events.ObjectRef;
import io.atelier.schemas.events.OutputFormat;
import io.atelier.schemas.events.OutputOptions;
import io.atelier.schemas.events.StyleJobRequested;
import io.atelier.schemas.status.JobState;
import io.atelier.schemas.status.JobStatus;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.security.identity.SecurityIdentity;
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
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The job API. An upload is validated and normalised, stored under a key the service generates,
 * queued, and answered 202 only after both the object write and the broker's acknowledgement; if
 * the broker does not acknowledge, the object is removed and the answer is 503.
 */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.USER)
public class JobResource {

    private static final Logger LOG = Logger.getLogger(JobResource.class);

    private final SecurityIdentity caller;
    private final ImageInspector inspector;
    private final ObjectStore store;
    private final EventProducer producer;
    private final IdempotencyKeys idempotency;
    private final IngestConfig config;
    private final MeterRegistry meters;
    private final RateLimiter rateLimiter;

    public JobResource(SecurityIdentity caller, ImageInspector inspector, ObjectStore store, EventProducer producer,
                       IdempotencyKeys idempotency, IngestConfig config, MeterRegistry meters,
                       RateLimiter rateLimiter) {
        this.caller = caller;
        this.rateLimiter = rateLimiter;
        this.inspector = inspector;
        this.store = store;
        this.producer = producer;
        this.idempotency = idempotency;
        this.config = config;
        this.meters = meters;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response submit(@RestForm("image") FileUpload image, @RestForm("style") String style,
                           @RestForm("maxSide") Integer maxSide, @RestForm("format") String format,
                           @HeaderParam("Idempotency-Key") String idempotencyKey,
                           @HeaderParam("traceparent") String traceparent) {
        long started = System.nanoTime();
        String keyName = caller.getPrincipal().getName();
        try {
            if (idempotencyKey != null) {
                var existing = idempotency.find(keyName, idempotencyKey);
                if (existing.isPresent()) {
                    return accepted(existing.get());
                }
            }
            rateLimiter.acquire(keyName);
            if (image == null) {
                throw missing("image");
            }
            if (style == null || style.isBlank()) {
                throw missing("style");
            }
            validStyle(style);
            OutputOptions output = new OutputOptions(format(format), maxSide(maxSide));
            if (image.size() > config.maxImageBytes()) {
                throw new IngestProblem(Response.Status.REQUEST_ENTITY_TOO_LARGE, "image-too-large",
                        "Image file too large", image.size() + " bytes; the limit is " + config.maxImageBytes());
            }
            NormalisedImage normalised = inspector.inspect(read(image));
            if (!store.exists(Bucket.MODELS, ObjectKeys.currentModelPointer(style))) {
                throw new IngestProblem(Problem.UNPROCESSABLE, "unknown-style", "Unknown style",
                        "no model is published for style '" + style + "'");
            }

            String jobId = UUID.randomUUID().toString();
            MDC.put("jobId", jobId);
            String key = ObjectKeys.uploadInput(jobId);
            ObjectRef stored = store.put(Bucket.UPLOADS, key, normalised.png(), "image/png");
            StyleJobRequested job = new StyleJobRequested(StyleJobRequested.SCHEMA_VERSION, jobId, style, null,
                    new ImageRef(stored.bucket(), stored.key(), stored.sha256(), normalised.width(),
                            normalised.height(), "image/png"),
                    null, output, Instant.now(), keyName);
            // QUEUED is written before the event: a worker fast enough to finish first must not have
            // its RUNNING or SUCCEEDED record overwritten by this one.
            String statusKey = ObjectKeys.jobStatus(jobId);
            store.putJson(Bucket.RESULTS, statusKey, new JobStatus(jobId, JobState.QUEUED, style, null, null, null,
                    null, null, Instant.now()));
            try {
                producer.send(job, TraceParent.parse(traceparent).orElseGet(TraceParent::root));
            } catch (RuntimeException e) {
                store.delete(Bucket.UPLOADS, key);
                store.delete(Bucket.RESULTS, statusKey);
                LOG.warnf("Job %s not queued, upload and status removed: %s", jobId, e.getMessage());
                throw new IngestProblem(Problem.of(Response.Status.SERVICE_UNAVAILABLE,
                        "queue-unavailable", "Job queue unavailable",
                        "the job could not be queued; nothing was kept, try again"), 5);
            }
            if (idempotencyKey != null) {
                idempotency.remember(keyName, idempotencyKey, jobId);
            }
            meters.counter("atelier.ingest.uploads", "outcome", "accepted").increment();
            meters.counter("atelier.ingest.upload.bytes").increment(image.size());
            Timer.builder("atelier.ingest.accept.time").publishPercentileHistogram().register(meters)
                    .record(Duration.ofNanos(System.nanoTime() - started));
            LOG.infof("Job %s accepted for style %s (%dx%d)", jobId, style, normalised.width(), normalised.height());
            return accepted(jobId);
        } catch (IngestProblem problem) {
            meters.counter("atelier.ingest.uploads", "outcome", "rejected").increment();
            meters.counter("atelier.ingest.validation.failures", "reason",
                    problem.problem().type().substring(problem.problem().type().lastIndexOf('/') + 1)).increment();
            throw problem;
        } finally {
            MDC.remove("jobId");
        }
    }

    @GET
    @Path("/{id}")
    public Response status(@PathParam("id") String id) {
        return Response.ok(view(read(id))).build();
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
        JobStatus first = read(id);
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
                            .mediaType(MediaType.APPLICATION_JSON_TYPE).data(view(status)).build())
                            .toCompletableFuture().join();
                    sent = status;
                }
                if (status.state().terminal()) {
                    return;
                }
                Thread.sleep(500);
                status = read(id);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf("Event stream of job %s ended: %s", id, e.getMessage());
        }
    }

    private JobStatus read(String id) {
        String key;
        try {
            key = ObjectKeys.jobStatus(id);
        } catch (IllegalArgumentException e) {
            throw new IngestProblem(Response.Status.BAD_REQUEST, "invalid-job-id", "Invalid job id", e.getMessage());
        }
        return store.getJson(Bucket.RESULTS, key, JobStatus.class).orElseThrow(() -> new IngestProblem(
                Response.Status.NOT_FOUND, "unknown-job", "Unknown job", "no job " + id));
    }

    private Map<String, Object> view(JobStatus status) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("jobId", status.jobId());
        view.put("status", status.state().name().toLowerCase(Locale.ROOT));
        view.put("style", status.style());
        view.put("modelVersion", status.modelVersion());
        view.put("updatedAt", status.updatedAt());
        if (status.timings() != null) {
            view.put("timings", status.timings());
        }
        if (status.state() == JobState.FAILED) {
            view.put("failure", Map.of("reason", String.valueOf(status.failureReason()),
                    "message", String.valueOf(status.message())));
        }
        if (status.state() == JobState.SUCCEEDED && status.output() != null) {
            view.put("output", Map.of(
                    "url", store.presignGet(Bucket.RESULTS, status.output().key(), config.outputUrlExpiry()),
                    "expiresAt", Instant.now().plus(config.outputUrlExpiry()),
                    "width", status.output().width(), "height", status.output().height(),
                    "contentType", status.output().contentType()));
        }
        return view;
    }

    private static Response accepted(String jobId) {
        return Response.accepted(Map.of("jobId", jobId, "status", "queued",
                "links", Map.of("self", "/api/v1/jobs/" + jobId, "events", "/api/v1/jobs/" + jobId + "/events")))
                .header("Location", "/api/v1/jobs/" + jobId).build();
    }

    private static void validStyle(String style) {
        try {
            ObjectKeys.style(style);
        } catch (IllegalArgumentException e) {
            throw new IngestProblem(Problem.UNPROCESSABLE, "unknown-style", "Unknown style",
                    e.getMessage());
        }
    }

    private static OutputFormat format(String format) {
        if (format == null || format.isBlank()) {
            return OutputFormat.PNG;
        }
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "png" -> OutputFormat.PNG;
            case "jpeg", "jpg" -> OutputFormat.JPEG;
            default -> throw new IngestProblem(Response.Status.BAD_REQUEST, "invalid-field", "Invalid field",
                    "format must be png or jpeg, was '" + format + "'");
        };
    }

    private static Integer maxSide(Integer maxSide) {
        if (maxSide != null && (maxSide < 16 || maxSide > 8192)) {
            throw new IngestProblem(Response.Status.BAD_REQUEST, "invalid-field", "Invalid field",
                    "maxSide must be between 16 and 8192, was " + maxSide);
        }
        return maxSide;
    }

    private static IngestProblem missing(String field) {
        return new IngestProblem(Response.Status.BAD_REQUEST, "missing-field", "Missing field",
                "the multipart form needs a '" + field + "' part");
    }

    private static byte[] read(FileUpload upload) {
        try {
            return Files.readAllBytes(upload.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
