package io.atelier.inference.messaging;

import io.atelier.common.storage.ObjectStore;
import io.atelier.inference.model.GeneratorSessions;
import io.atelier.inference.support.Uploads;
import static io.atelier.inference.TestImages.directRun;
import static io.atelier.inference.TestImages.maxChannelDifference;
import static io.atelier.inference.TestImages.png;
import static io.atelier.inference.TestImages.randomImage;
import io.atelier.inference.model.TestGenerators;
import io.atelier.inference.support.JobTopics;
import io.atelier.infra.local.StackEndpoints;
import io.atelier.schemas.cloudevents.CloudEventCodec;
import io.atelier.schemas.cloudevents.KafkaCloudEvents;
import io.atelier.schemas.events.EventType;
import io.atelier.schemas.events.FailureReason;
import io.atelier.schemas.events.ImageRef;
import io.atelier.schemas.events.InlineImage;
import io.atelier.schemas.json.EventJson;
import io.atelier.schemas.events.ModelPublished;
import io.atelier.schemas.events.OutputOptions;
import io.atelier.schemas.events.StyleJobCompleted;
import io.atelier.schemas.events.StyleJobFailed;
import io.atelier.schemas.events.StyleJobRequested;
import io.atelier.schemas.models.GateFailure;
import io.atelier.schemas.status.JobState;
import io.atelier.schemas.status.JobStatus;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.atelier.schemas.topics.Topics;
import io.atelier.testsupport.AtelierStackResource;
import io.atelier.testsupport.tracing.InMemoryTracing;
import io.atelier.testsupport.tracing.TraceSpan;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(AtelierStackResource.class)
class StyleJobProcessorTest {

    static final String STYLE = "test-rotation";

    @Inject
    ObjectStore store;

    @Inject
    GeneratorSessions sessions;

    @Inject
    InMemorySpanExporter spans;

    StackEndpoints stack;

    @BeforeEach
    void publishModel() {
        TestGenerators.publish(store, STYLE, "v1", TestGenerators.channelRotation());
    }

    @Test
    void aJobComesOutStyledExactlyAsADirectOnnxRuntimeRunWouldStyleIt() throws Exception {
        BufferedImage input = randomImage(64, 48, 1);
        try (JobTopics topics = new JobTopics(stack)) {
            StyleJobRequested job = job(upload(input), null);
            topics.send(job);

            ConsumerRecord<String, byte[]> record = topics.awaitResult(job.jobId(), EventType.STYLE_JOB_COMPLETED);

            StyleJobCompleted completed = CloudEventCodec.decode(KafkaCloudEvents.fromHeaders(record.headers()),
                    record.value(), StyleJobCompleted.class);
            assertThat(completed.modelVersion()).isEqualTo("v1");
            assertThat(completed.output().key()).isEqualTo(ObjectKeys.resultOutput(job.jobId(), "png"));
            byte[] stored = store.get(Bucket.RESULTS, completed.output().key()).orElseThrow();
            assertThat(ObjectStore.sha256(stored)).isEqualTo(completed.output().sha256());
            BufferedImage output = ImageIO.read(new ByteArrayInputStream(stored));
            assertThat(maxChannelDifference(output, directRun(TestGenerators.channelRotation(), input))).isZero();
            assertThat(store.getJson(Bucket.RESULTS, ObjectKeys.jobStatus(job.jobId()), JobStatus.class).orElseThrow()
                    .state()).isEqualTo(JobState.SUCCEEDED);
        }
    }

    @Test
    void poisonRecordsAndAMissingInputFailWithDeadLettersAndTheNextJobCompletes() throws Exception {
        try (JobTopics topics = new JobTopics(stack)) {
            String poisonKey = "poison-" + UUID.randomUUID();
            topics.send(new ProducerRecord<>(Topics.STYLE_JOBS, null, poisonKey,
                    "this is not json".getBytes(StandardCharsets.UTF_8), ceHeaders()));
            String invalidJobId = UUID.randomUUID().toString();
            topics.send(new ProducerRecord<>(Topics.STYLE_JOBS, null, invalidJobId,
                    ("{\"schemaVersion\":1,\"jobId\":\"" + invalidJobId + "\"}").getBytes(StandardCharsets.UTF_8),
                    ceHeaders()));
            String missingKey = ObjectKeys.uploadInput(UUID.randomUUID().toString());
            StyleJobRequested missing = job(new ImageRef(Bucket.UPLOADS.bucketName(), missingKey, "0".repeat(64), 8, 8,
                    "image/png"), null);
            topics.send(missing);
            // an S3 client refuses this key before asking the store: it must fail, not be retried for ever
            StyleJobRequested dotSegment = job(new ImageRef(Bucket.UPLOADS.bucketName(), "uploads/./x.png",
                    "0".repeat(64), 8, 8, "image/png"), null);
            topics.send(new ProducerRecord<>(Topics.STYLE_JOBS, null, dotSegment.jobId(),
                    EventJson.mapper().writeValueAsBytes(dotSegment), ceHeaders()));
            StyleJobRequested notBase64 = new StyleJobRequested(1, UUID.randomUUID().toString(), STYLE, null, null,
                    new InlineImage("image/png", "AAAAA"), null, Instant.now(), "test");
            topics.send(new ProducerRecord<>(Topics.STYLE_JOBS, null, notBase64.jobId(),
                    EventJson.mapper().writeValueAsBytes(notBase64), ceHeaders()));
            StyleJobRequested good = job(upload(randomImage(32, 32, 2)), null);
            topics.send(good);

            ConsumerRecord<String, byte[]> poisonDead = topics.await(Topics.STYLE_JOBS_DLQ,
                    r -> poisonKey.equals(r.key()), Duration.ofSeconds(90));
            assertThat(KafkaCloudEvents.fromHeaders(poisonDead.headers()))
                    .containsEntry("dead-letter-failure-reason", "MALFORMED_EVENT")
                    .containsEntry("dead-letter-topic", Topics.STYLE_JOBS)
                    .containsEntry("ce_type", "io.atelier.style-job.requested.v1");
            assertThat(new String(poisonDead.value(), StandardCharsets.UTF_8)).isEqualTo("this is not json");

            assertThat(topics.awaitResult(invalidJobId, StyleJobFailed.class).reason()).isEqualTo(FailureReason.MALFORMED_EVENT);
            assertThat(topics.awaitResult(invalidJobId, StyleJobFailed.class).message()).contains("style");

            StyleJobFailed dotFailure = topics.awaitResult(dotSegment.jobId(), StyleJobFailed.class);
            assertThat(dotFailure.reason()).isEqualTo(FailureReason.MALFORMED_EVENT);
            assertThat(dotFailure.message()).contains("/input/key");

            StyleJobFailed notBase64Failure = topics.awaitResult(notBase64.jobId(), StyleJobFailed.class);
            assertThat(notBase64Failure.reason()).isEqualTo(FailureReason.INPUT_INVALID);
            assertThat(notBase64Failure.retryable()).isFalse();

            StyleJobFailed missingFailure = topics.awaitResult(missing.jobId(), StyleJobFailed.class);
            assertThat(missingFailure.reason()).isEqualTo(FailureReason.INPUT_MISSING);
            assertThat(missingFailure.message()).contains(missingKey);
            ConsumerRecord<String, byte[]> missingDead = topics.await(Topics.STYLE_JOBS_DLQ,
                    r -> missing.jobId().equals(r.key()), Duration.ofSeconds(30));
            assertThat(KafkaCloudEvents.fromHeaders(missingDead.headers()))
                    .containsEntry("dead-letter-failure-reason", "INPUT_MISSING");
            assertThat(store.getJson(Bucket.RESULTS, ObjectKeys.jobStatus(missing.jobId()), JobStatus.class)
                    .orElseThrow().state()).isEqualTo(JobState.FAILED);

            topics.awaitResult(good.jobId(), EventType.STYLE_JOB_COMPLETED);
        }
    }

    @Test
    void anInputThatIsNotAnImageFailsAsInvalid() throws Exception {
        byte[] notAnImage = "GIF89a but not really".getBytes(StandardCharsets.UTF_8);
        StyleJobRequested job = job(Uploads.put(store, notAnImage, 8, 8), null);
        try (JobTopics topics = new JobTopics(stack)) {
            topics.send(job);

            StyleJobFailed failed = topics.awaitResult(job.jobId(), StyleJobFailed.class);

            assertThat(failed.reason()).isEqualTo(FailureReason.INPUT_INVALID);
            assertThat(failed.message()).contains("not a decodable");
            topics.await(Topics.STYLE_JOBS_DLQ, r -> job.jobId().equals(r.key()), Duration.ofSeconds(30));
        }
    }

    @Test
    void aPinnedVersionRunsEvenWhenAnotherIsCurrent() throws Exception {
        String style = "test-pinned";
        TestGenerators.publish(store, style, "v1", TestGenerators.channelRotation());
        TestGenerators.publish(store, style, "v2", TestGenerators.inversion());
        BufferedImage input = randomImage(12, 8, 9);
        StyleJobRequested pinned = new StyleJobRequested(1, UUID.randomUUID().toString(), style, "v1", upload(input),
                null, null, Instant.now(), "test");
        try (JobTopics topics = new JobTopics(stack)) {
            topics.send(pinned);

            StyleJobCompleted completed = topics.awaitResult(pinned.jobId(), StyleJobCompleted.class);

            assertThat(completed.modelVersion()).isEqualTo("v1");
            BufferedImage output = ImageIO.read(new ByteArrayInputStream(
                    store.get(Bucket.RESULTS, completed.output().key()).orElseThrow()));
            assertThat(maxChannelDifference(output, directRun(TestGenerators.channelRotation(), input))).isZero();
        }
    }

    @Test
    void metricsCountJobsStagesBatchesAndModelLoads() throws Exception {
        StyleJobRequested job = job(upload(randomImage(8, 8, 11)), null);
        try (JobTopics topics = new JobTopics(stack)) {
            topics.send(job);
            topics.awaitResult(job.jobId(), EventType.STYLE_JOB_COMPLETED);
        }
        io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("atelier_inference_jobs_total{outcome=\"succeeded\",reason=\"none\"}"))
                .body(org.hamcrest.Matchers.containsString("atelier_inference_stage_seconds_bucket"))
                .body(org.hamcrest.Matchers.containsString("atelier_inference_batch_size"))
                .body(org.hamcrest.Matchers.containsString("atelier_inference_model_loads_total"));
    }

    @Test
    void anUnknownStyleFailsAndIsDeadLettered() throws Exception {
        try (JobTopics topics = new JobTopics(stack)) {
            StyleJobRequested job = new StyleJobRequested(1, UUID.randomUUID().toString(), "no-such-style", null,
                    upload(randomImage(16, 16, 3)), null, null, Instant.now(), "test");
            topics.send(job);

            StyleJobFailed failed = topics.awaitResult(job.jobId(), StyleJobFailed.class);

            assertThat(failed.reason()).isEqualTo(FailureReason.UNKNOWN_STYLE);
            assertThat(failed.retryable()).isFalse();
            topics.await(Topics.STYLE_JOBS_DLQ, r -> job.jobId().equals(r.key()), Duration.ofSeconds(30));
        }
    }

    @Test
    void aJobFromAPlainProducerWithOnlyTheDocumentedJsonAndHeadersIsProcessed() throws Exception {
        String jobId = UUID.randomUUID().toString();
        String image = Base64.getEncoder().encodeToString(png(randomImage(24, 20, 4)));
        String json = "{\"schemaVersion\":1,\"jobId\":\"" + jobId + "\",\"style\":\"" + STYLE + "\","
                + "\"requestedAt\":\"2026-11-29T12:00:00Z\",\"output\":{\"format\":\"jpeg\"},"
                + "\"inlineInput\":{\"contentType\":\"image/png\",\"data\":\"" + image + "\"}}";
        try (JobTopics topics = new JobTopics(stack)) {
            topics.send(new ProducerRecord<>(Topics.STYLE_JOBS, null, jobId, json.getBytes(StandardCharsets.UTF_8),
                    ceHeaders()));

            ConsumerRecord<String, byte[]> record = topics.awaitResult(jobId, EventType.STYLE_JOB_COMPLETED);

            StyleJobCompleted completed = CloudEventCodec.decode(KafkaCloudEvents.fromHeaders(record.headers()),
                    record.value(), StyleJobCompleted.class);
            assertThat(completed.output().contentType()).isEqualTo("image/jpeg");
            assertThat(completed.output().width()).isEqualTo(24);
            assertThat(completed.output().height()).isEqualTo(20);
            assertThat(store.exists(Bucket.RESULTS, ObjectKeys.resultOutput(jobId, "jpg"))).isTrue();
        }
    }

    @Test
    void aModelPublishedMidStreamIsPreloadedAndTakesOverWithoutFailedJobs() throws Exception {
        String style = "test-switch";
        TestGenerators.publish(store, style, "v1", TestGenerators.channelRotation());
        try (JobTopics topics = new JobTopics(stack)) {
            List<StyleJobRequested> before = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                before.add(new StyleJobRequested(1, UUID.randomUUID().toString(), style, null,
                        upload(randomImage(16, 16, i)), null, null, Instant.now(), "test"));
                topics.send(before.get(i));
            }
            for (StyleJobRequested job : before) {
                assertThat(topics.awaitResult(job.jobId(), StyleJobCompleted.class).modelVersion()).isEqualTo("v1");
            }

            topics.send(TestGenerators.publish(store, style, "v2", TestGenerators.inversion()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!sessions.isLoaded(style, "v2") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(sessions.isLoaded(style, "v2")).as("v2 preloaded on its publication").isTrue();

            for (int i = 0; i < 5; i++) {
                StyleJobRequested job = new StyleJobRequested(1, UUID.randomUUID().toString(), style, null,
                        upload(randomImage(16, 16, 10 + i)), null, null, Instant.now(), "test");
                topics.send(job);
                assertThat(topics.awaitResult(job.jobId(), StyleJobCompleted.class).modelVersion()).isEqualTo("v2");
            }
        }
    }

    @Test
    void aVersionTheQualityGateHeldBackIsNotPreloaded() throws Exception {
        String style = "test-gate-" + UUID.randomUUID().toString().substring(0, 8);
        TestGenerators.publish(store, style, "v1", TestGenerators.channelRotation());
        ModelPublished stored = TestGenerators.publish(store, style, "v2", TestGenerators.inversion());
        ModelPublished heldBack = new ModelPublished(ModelPublished.SCHEMA_VERSION, style, "v2", stored.model(),
                stored.manifest(), null, Map.of(), Instant.now(), null,
                List.of(new GateFailure("ssim", 0.1, 0.35, GateFailure.Limit.MIN)));
        try (JobTopics topics = new JobTopics(stack)) {
            topics.send(heldBack);
            // same style, same partition: once v3 is preloaded, the held-back event was handled before it
            topics.send(TestGenerators.publish(store, style, "v3", TestGenerators.channelRotation()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!sessions.isLoaded(style, "v3") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(sessions.isLoaded(style, "v3")).as("a current version is preloaded").isTrue();
            assertThat(sessions.isLoaded(style, "v2")).as("a held-back one is not").isFalse();
        }
    }

    @Test
    void aJobIsOneTraceFromTheProducersSpanToItsStoredOutputAndEvents() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String style = "test-traced-" + UUID.randomUUID().toString().substring(0, 8);
        TestGenerators.publish(store, style, "v1", TestGenerators.channelRotation());
        StyleJobRequested job = new StyleJobRequested(1, UUID.randomUUID().toString(), style, null,
                upload(randomImage(16, 16, 7)), null, null, Instant.now(), "test");
        try (JobTopics topics = new JobTopics(stack)) {
            ProducerRecord<String, byte[]> record = KafkaCloudEvents.toRecord(new CloudEventCodec("/tests").encode(job));
            record.headers().add("traceparent", ("00-" + traceId + "-00f067aa0ba902b7-01")
                    .getBytes(StandardCharsets.UTF_8));
            topics.send(record);
            ConsumerRecord<String, byte[]> completed = topics.awaitResult(job.jobId(), EventType.STYLE_JOB_COMPLETED);
            String traceparent = KafkaCloudEvents.fromHeaders(completed.headers()).get("traceparent");

            List<TraceSpan> trace = InMemoryTracing.awaitTrace(spans, traceId,
                    found -> found.stream().anyMatch(span -> span.name().endsWith(" process")), Duration.ofSeconds(10));
            System.out.println(TraceSpan.tree(trace));

            TraceSpan receive = named(trace, Topics.STYLE_JOBS + " receive");
            assertThat(receive.parentSpanId()).as("the producer's span").isEqualTo("00f067aa0ba902b7");
            TraceSpan process = named(trace, Topics.STYLE_JOBS + " process");
            assertThat(process.parentSpanId()).isEqualTo(receive.spanId());
            TraceSpan run = named(trace, "generator run");
            assertThat(run.parentSpanId()).isEqualTo(process.spanId());
            assertThat(named(trace, "model load").parentSpanId()).as("loaded for this job").isEqualTo(run.spanId());
            assertThat(childrenOf(trace, process)).as("input read, output and status written, events sent")
                    .contains("ObjectStore.get", "ObjectStore.put", "ObjectStore.putJson",
                            Topics.STYLE_JOB_RESULTS + " publish");
            assertThat(childrenOf(trace, process)).as("RUNNING and SUCCEEDED written, started and completed sent")
                    .filteredOn(name -> name.equals("ObjectStore.putJson")
                            || name.equals(Topics.STYLE_JOB_RESULTS + " publish")).hasSize(4);
            assertThat(topics.resultKeys(EventType.STYLE_JOB_STARTED)).contains(job.jobId());
            assertThat(traceparent).as("the completion event continues the trace")
                    .startsWith("00-" + traceId + "-").doesNotContain("00f067aa0ba902b7");
            assertThat(trace).extracting(TraceSpan::spanId).contains(traceparent.split("-")[2]);
        }
    }

    private static TraceSpan named(List<TraceSpan> trace, String name) {
        return trace.stream().filter(span -> span.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span '" + name + "' in " + TraceSpan.tree(trace)));
    }

    private static List<String> childrenOf(List<TraceSpan> trace, TraceSpan parent) {
        return trace.stream().filter(span -> span.parentSpanId().equals(parent.spanId())).map(TraceSpan::name).toList();
    }

    private static RecordHeaders ceHeaders() {
        RecordHeaders headers = new RecordHeaders();
        Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_source", "/plain-producer",
                        "ce_type", "io.atelier.style-job.requested.v1", "content-type", "application/json")
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

    private static StyleJobRequested job(ImageRef input, OutputOptions output) {
        return new StyleJobRequested(1, UUID.randomUUID().toString(), STYLE, null, input, null, output,
                Instant.now(), "test");
    }

    private ImageRef upload(BufferedImage image) throws Exception {
        return Uploads.put(store, image);
    }
}
