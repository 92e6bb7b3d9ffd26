package io.atelier.inference.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.atelier.common.storage.ObjectStore;
import io.atelier.inference.JobFailure;
import io.atelier.inference.StyledImage;
import io.atelier.inference.config.InferenceConfig;
import io.atelier.inference.processing.StorageRetry;
import io.atelier.inference.processing.StyleJobRunner;
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
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Consumes style jobs. Every record ends in exactly one terminal outcome, stored and published
 * before the record is acknowledged (at least once): a completion, or a failure event plus a
 * dead-letter record. A bad record never stops the partition.
 */
@ApplicationScoped
public class StyleJobProcessor {

    private static final Logger LOG = Logger.getLogger(StyleJobProcessor.class);

    private final StyleJobRunner runner;
    private final JobEventPublisher publisher;
    private final ObjectStore store;
    private final StorageRetry retry;
    private final MeterRegistry meters;
    private final String worker;

    public StyleJobProcessor(StyleJobRunner runner, JobEventPublisher publisher, ObjectStore store,
                             StorageRetry retry, MeterRegistry meters, InferenceConfig config) {
        this.runner = runner;
        this.publisher = publisher;
        this.store = store;
        this.retry = retry;
        this.meters = meters;
        this.worker = config.workerName().orElseGet(StyleJobProcessor::hostName);
    }

    @Incoming(Channels.STYLE_JOBS)
    @Blocking
    public CompletionStage<Void> process(Message<byte[]> message) {
        Instant receivedAt = Instant.now();
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordMetadata<String, byte[]> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("not a Kafka record"));
        Map<String, String> headers = KafkaCloudEvents.fromHeaders(record.getHeaders());
        StyleJobRequested job;
        try {
            job = CloudEventCodec.decode(headers, message.getPayload(), StyleJobRequested.class);
        } catch (InvalidEventException e) {
            String jobId = jobIdOf(message.getPayload());
            fail(record, message.getPayload(), jobId, null,
                    new JobFailure(FailureReason.MALFORMED_EVENT, "rejected record " + record.getTopic() + "/"
                            + record.getPartition() + "@" + record.getOffset() + ": " + e.getMessage(), false));
            return message.ack();
        }
        MDC.put("jobId", job.jobId());
        try {
            StyledImage result = runner.run(job, receivedAt, version -> started(job, version));
            writeStatus(new JobStatus(job.jobId(), JobState.SUCCEEDED, job.style(), result.modelVersion(),
                    result.output(), null, null, result.timings(), Instant.now()));
            publisher.publish(new StyleJobCompleted(StyleJobCompleted.SCHEMA_VERSION, job.jobId(), job.style(),
                    result.modelVersion(), result.output(), result.timings(), Instant.now()));
            meters.counter("atelier.inference.jobs", "outcome", "succeeded").increment();
            LOG.infof("Job %s styled with %s/%s in %d ms", job.jobId(), job.style(), result.modelVersion(),
                    result.timings().totalMs());
        } catch (JobFailure failure) {
            fail(record, message.getPayload(), job.jobId(), job.style(), failure);
        } catch (RuntimeException e) {
            fail(record, message.getPayload(), job.jobId(), job.style(),
                    new JobFailure(FailureReason.PROCESSING_ERROR, "unexpected error: " + e, true, e));
        } finally {
            MDC.remove("jobId");
        }
        return message.ack();
    }

    private void started(StyleJobRequested job, String version) {
        writeStatus(new JobStatus(job.jobId(), JobState.RUNNING, job.style(), version, null, null, null, null,
                Instant.now()));
        publisher.publish(new StyleJobStarted(StyleJobStarted.SCHEMA_VERSION, job.jobId(), job.style(), version,
                worker, Instant.now()));
    }

    private void fail(IncomingKafkaRecordMetadata<String, byte[]> record, byte[] payload, String jobId, String style,
                      JobFailure failure) {
        LOG.warnf("Job %s failed (%s): %s", jobId, failure.reason(), failure.getMessage());
        if (jobId != null) {
            writeStatus(new JobStatus(jobId, JobState.FAILED, style, null, null, failure.reason(),
                    failure.getMessage(), null, Instant.now()));
        }
        publisher.publish(new StyleJobFailed(StyleJobFailed.SCHEMA_VERSION, jobId, style, failure.reason(),
                truncate(failure.getMessage()), failure.retryable(), Instant.now()));
        publisher.deadLetter(record, payload, failure.reason(), truncate(failure.getMessage()));
        meters.counter("atelier.inference.jobs", "outcome", "failed", "reason", failure.reason().name()).increment();
    }

    private void writeStatus(JobStatus status) {
        try {
            retry.call("writing the job status",
                    () -> store.putJson(Bucket.RESULTS, ObjectKeys.jobStatus(status.jobId()), status));
        } catch (JobFailure e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
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
