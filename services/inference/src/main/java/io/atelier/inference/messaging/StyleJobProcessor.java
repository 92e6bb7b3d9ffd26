package io.atelier.inference.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.atelier.common.messaging.EventMessages;
import io.atelier.common.storage.ObjectStore;
import io.atelier.inference.JobFailure;
import io.atelier.inference.PreparedJob;
import io.atelier.inference.StyledImage;
import io.atelier.inference.config.InferenceConfig;
import io.atelier.inference.processing.BatchInference;
import io.atelier.inference.processing.StyleJobRunner;
import io.atelier.inference.processing.WorkerPool;
import io.atelier.schemas.cloudevents.CloudEventCodec;
import io.atelier.schemas.cloudevents.KafkaCloudEvents;
import io.atelier.schemas.events.FailureReason;
import io.atelier.schemas.events.StyleJobCompleted;
import io.atelier.schemas.events.StyleJobFailed;
import io.atelier.schemas.events.StyleJobRequested;
import io.atelier.schemas.events.StyleJobStarted;
import io.atelier.schemas.json.EventJson;
import io.atelier.schemas.json.InvalidEventException;
import io.atelier.schemas.status.JobState;
import io.atelier.schemas.status.JobStatus;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;

/**
 * Consumes style jobs a poll at a time. Jobs are prepared in parallel, run through their generators
 * in micro-batches, finished in parallel; every record ends in exactly one terminal outcome, stored
 * and published before the batch is acknowledged (at least once): a completion, or a failure event
 * plus a dead-letter record. A bad record never stops the partition.
 *
 * <p>Outages are not outcomes: object-store calls retry until the store answers again (the
 * {@code ObjectStore} policy, unbounded in this service) and event sends until the broker does
 * ({@link JobEventPublisher}), so a job in hand waits, the consumer stops fetching while this batch
 * is blocked (the connector pauses its partitions), and work resumes by itself. Nothing escapes
 * {@link #process}: an exception there would mark the channel failed until a restart.
 *
 * <p>Each job is traced in a span of its own under the connector's receive span (which continues the
 * producer's trace); everything done for the job, events included, happens with that span current.
 */
@ApplicationScoped
public class StyleJobProcessor {

    private static final Logger LOG = Logger.getLogger(StyleJobProcessor.class);

    /** One record after preparation: ready for inference, or refused with what is known of the job. */
    private sealed interface Stage permits Ready, Refused {
        KafkaRecord<String, byte[]> record();

        /** The job's span, ended once its outcome is recorded. */
        Span span();

        String jobId();

        String style();
    }

    private record Ready(KafkaRecord<String, byte[]> record, Span span, PreparedJob prepared)
            implements Stage {
        @Override
        public String jobId() {
            return prepared.job().jobId();
        }

        @Override
        public String style() {
            return prepared.job().style();
        }
    }

    private record Refused(KafkaRecord<String, byte[]> record, Span span, String jobId, String style,
                           JobFailure failure) implements Stage {
    }

    private final StyleJobRunner runner;
    private final BatchInference inference;
    private final WorkerPool pool;
    private final JobEventPublisher publisher;
    private final ObjectStore store;
    private final MeterRegistry meters;
    private final Tracer tracer;
    private final String worker;

    public StyleJobProcessor(StyleJobRunner runner, BatchInference inference, WorkerPool pool,
                             JobEventPublisher publisher, ObjectStore store, MeterRegistry meters, Tracer tracer,
                             InferenceConfig config) {
        this.runner = runner;
        this.inference = inference;
        this.pool = pool;
        this.publisher = publisher;
        this.store = store;
        this.meters = meters;
        this.tracer = tracer;
        this.worker = config.workerName().orElseGet(StyleJobProcessor::hostName);
    }

    @Incoming(Channels.STYLE_JOBS)
    @Blocking
    public CompletionStage<Void> process(KafkaRecordBatch<String, byte[]> batch) {
        Instant receivedAt = Instant.now();
        List<Stage> stages = pool.map(batch.getRecords(), record -> prepare(record, receivedAt));
        Map<PreparedJob, BatchInference.Result> results = inference.run(stages.stream()
                .flatMap(stage -> stage instanceof Ready ready ? Stream.of(ready.prepared()) : Stream.empty())
                .toList());
        pool.map(stages, stage -> {
            finishOrNack(stage, results);
            return stage;
        });
        return batch.ack();
    }

    private Stage prepare(KafkaRecord<String, byte[]> record, Instant receivedAt) {
        Span span = tracer.spanBuilder(record.getTopic() + " process").setSpanKind(SpanKind.CONSUMER)
                .setParent(TracingMetadata.fromMessage(record).map(TracingMetadata::getCurrentContext)
                        .orElseGet(Context::root))
                .startSpan();
        try (Scope scope = span.makeCurrent()) {
            Map<String, String> headers = KafkaCloudEvents.fromHeaders(record.getHeaders());
            StyleJobRequested job;
            try {
                job = CloudEventCodec.decode(headers, record.getPayload(), StyleJobRequested.class);
            } catch (InvalidEventException e) {
                return new Refused(record, span, jobIdOf(record.getPayload()), null,
                        new JobFailure(FailureReason.MALFORMED_EVENT,
                                "rejected record " + EventMessages.describe(record) + ": " + e.getMessage(), false));
            }
            span.setAttribute("atelier.job.id", job.jobId());
            span.setAttribute("atelier.style", job.style());
            MDC.put("jobId", job.jobId());
            try {
                return new Ready(record, span, runner.prepare(job, receivedAt, version -> started(job, version)));
            } catch (JobFailure failure) {
                return new Refused(record, span, job.jobId(), job.style(), failure);
            } catch (RuntimeException | OutOfMemoryError e) {
                return new Refused(record, span, job.jobId(), job.style(), unexpected(e));
            } finally {
                MDC.remove("jobId");
            }
        }
    }

    /**
     * The last line of defence: when even recording a failure fails, the record is nacked, and the
     * channel's dead-letter strategy keeps it, instead of the exception ending the channel.
     */
    private void finishOrNack(Stage stage, Map<PreparedJob, BatchInference.Result> results) {
        if (stage.jobId() != null) {
            MDC.put("jobId", stage.jobId());
        }
        try (Scope scope = stage.span().makeCurrent()) {
            if (stage instanceof Ready ready) {
                finish(ready, results.get(ready.prepared()));
            } else if (stage instanceof Refused refused) {
                fail(refused, refused.failure());
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not record the outcome of job %s; handing record %s to the dead-letter strategy",
                    stage.jobId(), EventMessages.describe(stage.record()));
            stage.record().nack(e, EventMessages.deadLetterNack(FailureReason.PROCESSING_ERROR));
        } finally {
            MDC.remove("jobId");
            stage.span().end();
        }
    }

    private void finish(Ready stage, BatchInference.Result result) {
        try {
            if (result.failure() != null) {
                throw result.failure();
            }
            StyleJobRequested job = stage.prepared().job();
            StyledImage styled = runner.finish(stage.prepared(), result.output(), result.inferenceNanos());
            writeStatus(new JobStatus(job.jobId(), JobState.SUCCEEDED, job.style(), styled.modelVersion(),
                    styled.output(), null, null, styled.timings(), Instant.now()));
            publisher.publish(new StyleJobCompleted(StyleJobCompleted.SCHEMA_VERSION, job.jobId(), job.style(),
                    styled.modelVersion(), styled.output(), styled.timings(), Instant.now()));
            meters.counter("atelier.inference.jobs", "outcome", "succeeded", "reason", "none").increment();
            LOG.infof("Job %s styled with %s/%s in %d ms", job.jobId(), job.style(), styled.modelVersion(),
                    styled.timings().totalMs());
        } catch (JobFailure failure) {
            fail(stage, failure);
        } catch (RuntimeException | OutOfMemoryError e) {
            fail(stage, unexpected(e));
        }
    }

    private void started(StyleJobRequested job, String version) {
        writeStatus(new JobStatus(job.jobId(), JobState.RUNNING, job.style(), version, null, null, null, null,
                Instant.now()));
        publisher.publish(new StyleJobStarted(StyleJobStarted.SCHEMA_VERSION, job.jobId(), job.style(), version,
                worker, Instant.now()));
    }

    private void fail(Stage stage, JobFailure failure) {
        String message = truncate(failure.getMessage());
        LOG.warnf("Job %s failed (%s): %s", stage.jobId(), failure.reason(), message);
        stage.span().setStatus(StatusCode.ERROR, failure.reason().name());
        if (stage.jobId() != null) {
            writeStatus(new JobStatus(stage.jobId(), JobState.FAILED, stage.style(), null, null, failure.reason(),
                    message, null, Instant.now()));
        }
        publisher.publish(new StyleJobFailed(StyleJobFailed.SCHEMA_VERSION, stage.jobId(), stage.style(),
                failure.reason(), message, failure.retryable(), Instant.now()));
        publisher.deadLetter(stage.record(), failure.reason(), message);
        meters.counter("atelier.inference.jobs", "outcome", "failed", "reason", failure.reason().name()).increment();
    }

    private void writeStatus(JobStatus status) {
        store.putJson(Bucket.RESULTS, ObjectKeys.jobStatus(status.jobId()), status);
    }

    /**
     * Out of heap counts as one job's failure: what ran out was that job's allocation, which the heap
     * is rid of again, and its poll's other jobs still get their own outcomes.
     */
    private static JobFailure unexpected(Throwable e) {
        return new JobFailure(FailureReason.PROCESSING_ERROR, "unexpected error: " + e, true, e);
    }

    /** The job id of a record that failed validation, when it has a well-formed one. */
    private static String jobIdOf(byte[] payload) {
        try {
            JsonNode id = payload == null ? null : EventJson.mapper().readTree(payload).get("jobId");
            if (id != null && id.isTextual() && UUID.fromString(id.asText()).toString().equals(id.asText())) {
                return id.asText();
            }
        } catch (Exception e) {
            // not JSON, or no usable id: the failure event goes out without one
        }
        return null;
    }

    private static String truncate(String message) {
        return message.length() <= 4000 ? message : message.substring(0, 3997) + "...";
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "inference";
        }
    }
}
