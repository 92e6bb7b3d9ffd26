package io.atelier.ingest.jobs;

import io.atelier.common.rest.Problem;
import io.atelier.common.storage.ObjectStore;
import io.atelier.common.storage.ObjectStoreException;
import io.atelier.ingest.IngestProblem;
import io.atelier.ingest.NormalisedImage;
import io.atelier.ingest.config.IngestConfig;
import io.atelier.ingest.messaging.EventProducer;
import io.atelier.ingest.security.RateLimiter;
import io.atelier.ingest.storage.IdempotencyKeys;
import io.atelier.ingest.storage.StagedObjects;
import io.atelier.ingest.validation.ImageInspector;
import io.atelier.schemas.events.ImageRef;
import io.atelier.schemas.events.OutputFormat;
import io.atelier.schemas.events.OutputOptions;
import io.atelier.schemas.events.StyleJobRequested;
import io.atelier.schemas.status.JobState;
import io.atelier.schemas.status.JobStatus;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Accepts style jobs and reads their status. A submission is checked cheapest first (an idempotent
 * replay, the queue's bound, the rate limit, the form, whether the style has a model) so that the
 * expensive decode runs only for an upload that can become a job. The normalised image and its
 * {@code QUEUED} status are then written and the job queued; the caller hears 202 only after both the
 * writes and the broker's acknowledgement. If anything fails part-way every object written is removed
 * again, unless the broker may still have the event ({@link EventProducer.Unconfirmed}): then they stay
 * for it, and a retry with the same Idempotency-Key reaches the same job.
 */
@ApplicationScoped
public class JobService {

    private static final Logger LOG = Logger.getLogger(JobService.class);
    private static final Duration FOLLOW_POLL = Duration.ofMillis(500);
    private static final Duration FOLLOW_LIMIT = Duration.ofMinutes(30);

    private final ImageInspector inspector;
    private final ObjectStore store;
    private final EventProducer producer;
    private final IdempotencyKeys idempotency;
    private final RateLimiter rateLimiter;
    private final QueueLimit queueLimit;
    private final UploadMetrics metrics;
    private final IngestConfig config;

    public JobService(ImageInspector inspector, ObjectStore store, EventProducer producer,
                      IdempotencyKeys idempotency, RateLimiter rateLimiter, QueueLimit queueLimit,
                      UploadMetrics metrics, IngestConfig config) {
        this.config = config;
        this.inspector = inspector;
        this.store = store;
        this.producer = producer;
        this.idempotency = idempotency;
        this.rateLimiter = rateLimiter;
        this.queueLimit = queueLimit;
        this.metrics = metrics;
    }

    /**
     * Queues a job for the API key {@code keyName}; a retry with the same {@code idempotencyKey}
     * (may be null) gets the first job back and queues nothing.
     */
    public JobAccepted submit(String keyName, JobSubmission submission, String idempotencyKey) {
        long started = System.nanoTime();
        try {
            Optional<StyleJobRequested> earlier = idempotency.replay(keyName, idempotencyKey, StyleJobRequested.class,
                    producer::send);
            if (earlier.isPresent()) {
                return JobAccepted.of(earlier.get().jobId());
            }
            queueLimit.check();
            rateLimiter.acquire(keyName);
            String style = checkedStyle(submission);
            OutputOptions output = new OutputOptions(format(submission.format()), submission.maxSide());
            NormalisedImage image = inspector.inspect(submission.image());

            String jobId = UUID.randomUUID().toString();
            MDC.put("jobId", jobId);
            StyleJobRequested queued = StagedObjects.allOrNothing(store, staged -> {
                ImageRef stored = staged.putImage(Bucket.UPLOADS, ObjectKeys.uploadInput(jobId), image);
                // QUEUED is written before the event: a worker fast enough to finish first must not
                // have its RUNNING or SUCCEEDED record overwritten by this one.
                staged.putJson(Bucket.RESULTS, ObjectKeys.jobStatus(jobId), new JobStatus(jobId, JobState.QUEUED,
                        style, null, null, null, null, null, Instant.now()));
                StyleJobRequested job = new StyleJobRequested(StyleJobRequested.SCHEMA_VERSION, jobId, style, null,
                        stored, null, output, Instant.now(), keyName);
                idempotency.remember(staged, keyName, idempotencyKey, job);
                producer.send(job);
                return job;
            });
            idempotency.queued(keyName, idempotencyKey, queued);
            metrics.accepted(submission.image().size(), started);
            LOG.infof("Job %s accepted for style %s (%dx%d)", jobId, style, image.width(), image.height());
            return JobAccepted.of(jobId);
        } catch (IngestProblem problem) {
            metrics.rejected(problem);
            throw problem;
        } finally {
            MDC.remove("jobId");
        }
    }

    /**
     * The job's current status; 400 for an id that is no job id, 404 for one that names no job. Read
     * again on an unreadable record: the local S3 server (S3Proxy on files) can serve a status the
     * worker is rewriting half-written; S3 itself never does.
     */
    @Retry(retryOn = IllegalStateException.class, maxRetries = 2, delay = 50)
    public JobStatus status(String jobId) {
        String key;
        try {
            key = ObjectKeys.jobStatus(jobId);
        } catch (IllegalArgumentException e) {
            throw new IngestProblem(Response.Status.BAD_REQUEST, "invalid-job-id", "Invalid job id", e.getMessage());
        }
        return store.getJson(Bucket.RESULTS, key, JobStatus.class).orElseThrow(() -> new IngestProblem(
                Response.Status.NOT_FOUND, "unknown-job", "Unknown job", "no job " + jobId));
    }

    /**
     * {@code current}, then each change of the job's status, until it is terminal or {@link #FOLLOW_LIMIT}
     * passes. Read from object storage every {@link #FOLLOW_POLL}, so any replica can follow any job; a
     * read that fails while storage is away is skipped, which delays the next change instead of ending
     * the stream.
     */
    public Multi<JobStatus> follow(JobStatus current) {
        Uni<JobStatus> later = Uni.createFrom().voidItem().onItem().delayIt().by(FOLLOW_POLL)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(ignored -> statusIfReadable(current.jobId()));
        Multi<JobStatus> changes = current.state().terminal() ? Multi.createFrom().empty()
                : Multi.createBy().repeating().uni(() -> later).whilst(status -> !status.state().terminal());
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(current), changes)
                .skip().repetitions()
                .select().first(FOLLOW_LIMIT);
    }

    /** The status, or null (no item) while object storage cannot be reached. */
    private JobStatus statusIfReadable(String jobId) {
        try {
            return status(jobId);
        } catch (ObjectStoreException | CircuitBreakerOpenException e) {
            LOG.debugf("Status of job %s not read, tried again in %s: %s", jobId, FOLLOW_POLL, e.getMessage());
            return null;
        }
    }

    /** The status as the API shows it; a succeeded job's output as a presigned URL. */
    public JobView view(JobStatus status) {
        JobView.Output output = null;
        if (status.state() == JobState.SUCCEEDED && status.output() != null) {
            output = new JobView.Output(store.presignGet(Bucket.RESULTS, status.output().key(),
                    config.outputUrlExpiry()), Instant.now().plus(config.outputUrlExpiry()), status.output().width(),
                    status.output().height(), status.output().contentType());
        }
        return JobView.of(status, output);
    }

    /** The style, once the form has an image and a style that has a published model (one HEAD request). */
    private String checkedStyle(JobSubmission submission) {
        if (submission.image() == null) {
            throw IngestProblem.missingPart("an 'image' part");
        }
        String style = submission.style();
        if (style == null || style.isBlank()) {
            throw IngestProblem.missingPart("a 'style' part");
        }
        try {
            ObjectKeys.style(style);
        } catch (IllegalArgumentException e) {
            throw unknownStyle(e.getMessage());
        }
        if (!store.exists(Bucket.MODELS, ObjectKeys.currentModelPointer(style))) {
            throw unknownStyle("no model is published for style '" + style + "'");
        }
        return style;
    }

    private static IngestProblem unknownStyle(String detail) {
        return new IngestProblem(Problem.UNPROCESSABLE, "unknown-style", "Unknown style", detail);
    }

    /** The format the form names (already checked against {@link JobSubmission#FORMATS}), PNG when none. */
    private static OutputFormat format(String format) {
        return format == null || format.isBlank() || format.equalsIgnoreCase("png") ? OutputFormat.PNG
                : OutputFormat.JPEG;
    }
}
