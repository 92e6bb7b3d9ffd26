package io.atelier.trainer.messaging;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.atelier.common.storage.ObjectStore;
import io.atelier.generator.GeneratorOnnx;
import io.atelier.infra.local.StackEndpoints;
import io.atelier.schemas.cloudevents.CloudEventCodec;
import io.atelier.schemas.cloudevents.KafkaCloudEvents;
import io.atelier.schemas.events.FailureReason;
import io.atelier.schemas.events.ImageRef;
import io.atelier.schemas.events.ModelPublished;
import io.atelier.schemas.events.ObjectPrefix;
import io.atelier.schemas.events.TrainingFailed;
import io.atelier.schemas.events.TrainingParameters;
import io.atelier.schemas.events.TrainingProgress;
import io.atelier.schemas.events.TrainingRequested;
import io.atelier.schemas.models.CurrentModel;
import io.atelier.schemas.models.GateVerdict;
import io.atelier.schemas.models.ModelEvaluation;
import io.atelier.schemas.models.GeneratorContract;
import io.atelier.schemas.models.ModelManifest;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.atelier.schemas.topics.Topics;
import io.atelier.schemas.training.TrainingProfile;
import io.atelier.schemas.training.TrainingRun;
import io.atelier.schemas.training.TrainingState;
import io.atelier.testsupport.AtelierStackResource;
import io.atelier.trainer.Samples;
import io.atelier.trainer.registry.ModelPublisher;
import io.atelier.trainer.storage.RunStore;
import io.atelier.trainer.training.TrainingExecutor;
import io.atelier.trainer.training.TrainingImages;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** A training request on the real broker and store, through to a published ONNX model. */
@QuarkusTest
@QuarkusTestResource(AtelierStackResource.class)
class TrainingFlowTest {

    static final String PUBLISHED = "io.atelier.model.published.v1";
    static final String PROGRESS = "io.atelier.training.progress.v1";

    @Inject
    ObjectStore store;

    @Inject
    RunStore runs;

    @Inject
    TrainingExecutor executor;

    @Inject
    TrainingImages images;

    @Inject
    ModelPublisher registry;

    StackEndpoints stack;

    @Test
    void aRequestTrainsCheckpointsExportsAndPublishesAndAResumedRunContinuesAtItsStepUnlessItsNetworksDiffer() throws Exception {
        String style = "test-vangogh-" + Long.toHexString(System.nanoTime());
        TrainingRequested request = request(store, style);
        double succeededBefore = metric("atelier_trainer_runs_total{outcome=\"succeeded\"}");
        double stepsBefore = metric("atelier_trainer_steps_total");
        try (Topics2 topics = new Topics2(stack)) {
            topics.send(request);

            ModelPublished published = topics.await(Topics.MODELS, PUBLISHED, style, ModelPublished.class);

            assertThat(published.version()).isEqualTo("v1");
            assertThat(published.runId()).isEqualTo(request.runId());
            byte[] onnx = store.get(Bucket.MODELS, published.model().key()).orElseThrow();
            assertThat(ObjectStore.sha256(onnx)).isEqualTo(published.model().sha256());
            ModelManifest manifest = store.getJson(Bucket.MODELS, ObjectKeys.modelManifest(style, "v1"),
                    ModelManifest.class).orElseThrow();
            assertThat(manifest.sha256()).isEqualTo(published.model().sha256());
            assertThat(manifest.configuration()).containsEntry("steps", "8");
            assertThat(manifest.finalLosses()).containsKeys("generator", "discriminator");
            assertThat(store.getJson(Bucket.MODELS, ObjectKeys.currentModelPointer(style), CurrentModel.class)
                    .orElseThrow().version()).isEqualTo("v1");
            // evaluated against the run's style image; the tiny profile is exempt from the gate
            ModelEvaluation evaluation = store.getJson(Bucket.MODELS, ObjectKeys.modelEvaluation(style, "v1"),
                    ModelEvaluation.class).orElseThrow();
            assertThat(published.evaluation().key()).isEqualTo(ObjectKeys.modelEvaluation(style, "v1"));
            assertThat(published.becameCurrent()).isTrue();
            assertThat(evaluation.styleImage()).isEqualTo(request.styleImages().get(0).key());
            assertThat(evaluation.summary().styleRatio()).isNotNull();
            assertThat(evaluation.photos()).hasSize(5);
            assertThat(evaluation.gate().outcome()).isEqualTo(GateVerdict.Outcome.SKIPPED);
            assertThat(evaluation.gate().note()).contains("tiny");
            try (OrtSession session = OrtEnvironment.getEnvironment().createSession(onnx)) {
                assertThat(session.getInputNames()).containsExactly(GeneratorContract.INPUT);
                assertThat(session.getMetadata().getCustomMetadata()).containsEntry("style", style)
                        .containsEntry("version", "v1");
            }

            TrainingRun finished = ended(request.runId());
            assertThat(finished.state()).isEqualTo(TrainingState.SUCCEEDED);
            assertThat(finished.modelVersion()).isEqualTo("v1");
            assertThat(finished.checkpoint()).isEqualTo(ObjectKeys.checkpointPrefix(request.runId(), 8));
            String checkpoint4 = ObjectKeys.checkpointPrefix(request.runId(), 4);
            assertThat(store.exists(Bucket.TRAINING, checkpoint4 + "generator.adam")).isTrue();
            assertThat(store.exists(Bucket.TRAINING, checkpoint4 + "generator-average.params")).isTrue();
            assertThat(store.exists(Bucket.TRAINING, ObjectKeys.trainingSample(request.runId(), 8))).isTrue();
            assertThat(store.exists(Bucket.TRAINING, ObjectKeys.runPrefix(request.runId()) + "loss-curve.png")).isTrue();

            List<TrainingProgress> progress = topics.all(Topics.TRAINING_EVENTS, PROGRESS, style,
                    TrainingProgress.class, p -> p.runId().equals(request.runId()), 4);
            assertThat(progress).extracting(TrainingProgress::step).containsExactly(2L, 4L, 6L, 8L);
            assertThat(progress).allMatch(p -> p.losses().values().stream().allMatch(Double::isFinite));

            // A trainer that stopped after step 4 resumes from that checkpoint, not from the start.
            String resumedId = UUID.randomUUID().toString();
            TrainingRequested again = new TrainingRequested(1, resumedId, style, request.styleImages(),
                    request.contentCorpus(), TrainingProfile.TINY, null, Instant.now(), "test");
            runs.save(new TrainingRun(resumedId, style, TrainingState.RUNNING, again, 4, 8, checkpoint4,
                    Map.of(), null, null, 0, Instant.now()));
            executor.submit(resumedId);

            ModelPublished second = topics.await(Topics.MODELS, PUBLISHED, style, ModelPublished.class,
                    p -> p.runId().equals(resumedId));
            assertThat(second.version()).isEqualTo("v2");
            List<TrainingProgress> resumed = topics.all(Topics.TRAINING_EVENTS, PROGRESS, style,
                    TrainingProgress.class, p -> p.runId().equals(resumedId), 2);
            assertThat(resumed).extracting(TrainingProgress::step).containsExactly(6L, 8L);

            // A checkpoint of other networks (as an older trainer's may be) is not resumed: the run starts over.
            String restartedId = UUID.randomUUID().toString();
            TrainingRequested otherNetworks = new TrainingRequested(1, restartedId, style, request.styleImages(),
                    request.contentCorpus(), TrainingProfile.TINY,
                    new TrainingParameters(null, null, null, null, null, null, null, 2, null, null), Instant.now(),
                    "test");
            runs.save(new TrainingRun(restartedId, style, TrainingState.RUNNING, otherNetworks, 4, 8, checkpoint4,
                    Map.of(), null, null, 0, Instant.now()));
            executor.submit(restartedId);

            topics.await(Topics.MODELS, PUBLISHED, style, ModelPublished.class, p -> p.runId().equals(restartedId));
            assertThat(topics.all(Topics.TRAINING_EVENTS, PROGRESS, style, TrainingProgress.class,
                    p -> p.runId().equals(restartedId), 4)).extracting(TrainingProgress::step)
                    .containsExactly(2L, 4L, 6L, 8L);
            assertThat(metric("atelier_trainer_runs_total{outcome=\"succeeded\"}") - succeededBefore)
                    .isGreaterThanOrEqualTo(2);
            assertThat(metric("atelier_trainer_steps_total") - stepsBefore).as("8 steps, then 4 resumed")
                    .isGreaterThanOrEqualTo(12);
            assertThat(metric("atelier_trainer_device{device=\"cpu\"}")).isEqualTo(1);
            assertThat(metric("atelier_trainer_loss{term=\"texture\"}")).isFinite().isPositive();
            assertThat(metric("atelier_trainer_updates_skipped_total{network=\"generator\"}")).isNotNegative();
            assertThat(metric("atelier_trainer_updates_skipped_total{network=\"discriminator\"}")).isNotNegative();

            // Rollback moves the pointer back to v1 and announces it; v2 stays in the registry.
            io.restassured.RestAssured.given().post("/api/v1/models/" + style + "/current/v1").then()
                    .statusCode(401).contentType("application/problem+json");
            io.restassured.RestAssured.given().header("X-API-Key", "test-admin-key")
                    .post("/api/v1/models/" + style + "/current/v9").then()
                    .statusCode(404).contentType("application/problem+json")
                    .body("type", org.hamcrest.Matchers.endsWith("/unknown-model-version"));
            io.restassured.RestAssured.given().header("X-API-Key", "test-admin-key")
                    .post("/api/v1/models/" + style + "/current/v1").then()
                    .statusCode(200).body("version", org.hamcrest.Matchers.equalTo("v1"));
            assertThat(store.getJson(Bucket.MODELS, ObjectKeys.currentModelPointer(style), CurrentModel.class)
                    .orElseThrow().version()).isEqualTo("v1");
            assertThat(store.exists(Bucket.MODELS, ObjectKeys.modelGenerator(style, "v2"))).isTrue();
            topics.await(Topics.MODELS, PUBLISHED, style, ModelPublished.class,
                    p -> p.version().equals("v1") && p.publishedAt().isAfter(second.publishedAt()));
        }
    }

    /**
     * A trainer killed after it stored its version and moved the pointer, before its record said so
     * (its announcement waited for the broker), and another version published meanwhile: the resumed
     * run announces its own version again instead of storing the same weights as a third one, and
     * leaves the pointer on the later version.
     */
    @Test
    void aRunResumedAfterItStoredItsVersionPublishesThatVersionAgain() throws Exception {
        String style = "test-republish-" + Long.toHexString(System.nanoTime());
        TrainingRequested request = request(store, style);
        try (Topics2 topics = new Topics2(stack)) {
            topics.send(request);
            topics.await(Topics.MODELS, PUBLISHED, style, ModelPublished.class);
            TrainingRun finished = ended(request.runId());
            assertThat(finished.state()).isEqualTo(TrainingState.SUCCEEDED);
            assertThat(registry.publish(style, version -> GeneratorOnnx.elementwise("Identity"), "a-later-run", null,
                    Map.of(), Map.of(), null, null).version()).isEqualTo("v2");

            runs.save(finished.with(TrainingState.RUNNING, finished.step(), finished.checkpoint(), finished.losses(),
                    null, null));
            executor.submit(request.runId());

            List<ModelPublished> published = topics.all(Topics.MODELS, PUBLISHED, style, ModelPublished.class,
                    p -> true, 2);
            assertThat(published).extracting(ModelPublished::version).containsExactly("v1", "v1");
            assertThat(ended(request.runId()).modelVersion()).isEqualTo("v1");
            assertThat(store.exists(Bucket.MODELS, ObjectKeys.modelManifest(style, "v3"))).isFalse();
            assertThat(store.getJson(Bucket.MODELS, ObjectKeys.currentModelPointer(style), CurrentModel.class)
                    .orElseThrow().version()).isEqualTo("v2");
        }
    }

    @Test
    void aMalformedRequestFailsWithADeadLetter() throws Exception {
        String key = "broken-" + UUID.randomUUID();
        RecordHeaders headers = new RecordHeaders();
        Map.of("ce_specversion", "1.0", "ce_id", key, "ce_source", "/test", "ce_type",
                        "io.atelier.training.requested.v1")
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        try (Topics2 topics = new Topics2(stack)) {
            topics.send(new ProducerRecord<>(Topics.TRAINING_REQUESTS, null, key,
                    "{\"schemaVersion\":1,\"style\":\"x\"}".getBytes(StandardCharsets.UTF_8), headers));

            ConsumerRecord<String, byte[]> dead = topics.awaitRecord(Topics.TRAINING_REQUESTS_DLQ,
                    r -> key.equals(r.key()));
            assertThat(KafkaCloudEvents.fromHeaders(dead.headers())).containsEntry("dead-letter-failure-reason",
                    "MALFORMED_EVENT");
            TrainingFailed failed = topics.await(Topics.TRAINING_EVENTS, "io.atelier.training.failed.v1",
                    TrainingFailed.UNKNOWN_STYLE_KEY, TrainingFailed.class, f -> f.message().contains(key));
            assertThat(failed.reason()).isEqualTo(FailureReason.MALFORMED_EVENT);
        }
    }

    @Test
    void aRunThatFailsAfterItWasAcknowledgedLeavesAFailureEventAndADeadLetter() throws Exception {
        String style = "test-empty-corpus-" + Long.toHexString(System.nanoTime());
        TrainingRequested valid = request(store, style);
        TrainingRequested request = new TrainingRequested(1, valid.runId(), style, valid.styleImages(),
                new ObjectPrefix(Bucket.DATASETS.bucketName(), ObjectKeys.contentCorpusPrefix("no-such-corpus")),
                TrainingProfile.TINY, null, Instant.now(), "test");
        double failedBefore = metric("atelier_trainer_runs_total{outcome=\"failed\"}");
        try (Topics2 topics = new Topics2(stack)) {
            topics.send(request);

            TrainingFailed failed = topics.await(Topics.TRAINING_EVENTS, "io.atelier.training.failed.v1", style,
                    TrainingFailed.class);
            assertThat(metric("atelier_trainer_runs_total{outcome=\"failed\"}") - failedBefore).isEqualTo(1);
            assertThat(failed.reason()).isEqualTo(FailureReason.INPUT_INVALID);
            assertThat(failed.message()).contains("no-such-corpus");
            ConsumerRecord<String, byte[]> dead = topics.awaitRecord(Topics.TRAINING_REQUESTS_DLQ,
                    r -> style.equals(r.key()));
            assertThat(KafkaCloudEvents.fromHeaders(dead.headers())).containsEntry("dead-letter-failure-reason",
                    "INPUT_INVALID").containsEntry("dead-letter-topic", Topics.TRAINING_REQUESTS);
            TrainingRequested lettered = CloudEventCodec.decode(KafkaCloudEvents.fromHeaders(dead.headers()),
                    dead.value(), TrainingRequested.class);
            assertThat(lettered.runId()).isEqualTo(request.runId());
            assertThat(runs.find(request.runId()).orElseThrow().state()).isEqualTo(TrainingState.FAILED);
        }
    }

    @Test
    void anOrphanedRunIsHandedBackAndAdoptedWhileARunHeldElsewhereIsLeftAlone() throws Exception {
        // an active run whose record this release cannot read (a profile it does not have) is skipped
        String unreadable = UUID.randomUUID().toString();
        store.put(Bucket.TRAINING, ObjectKeys.activeRunMarker(unreadable), new byte[0], "application/octet-stream");
        store.put(Bucket.TRAINING, ObjectKeys.runState(unreadable), ("{\"runId\":\"" + unreadable
                + "\",\"state\":\"RUNNING\",\"request\":{\"profile\":\"retired-profile\"}}").getBytes(), "application/json");
        String style = "test-orphan-" + Long.toHexString(System.nanoTime());
        TrainingRequested orphan = request(store, style);
        TrainingRequested held = request(store, style + "-held");
        // the replica that recorded the first run stopped an hour ago; another one holds the second
        runs.record(new TrainingRun(orphan.runId(), style, TrainingState.QUEUED, orphan, 0, 8, null, Map.of(), null,
                null, 0, Instant.now().minus(Duration.ofHours(1))));
        runs.record(new TrainingRun(held.runId(), held.style(), TrainingState.QUEUED, held, 0, 8, null, Map.of(), null,
                null, 0, Instant.now()));
        try (Topics2 topics = new Topics2(stack)) {
            topics.send(held);

            assertThat(executor.handBackOrphans()).contains(orphan.runId()).doesNotContain(held.runId());

            topics.await(Topics.MODELS, PUBLISHED, style, ModelPublished.class,
                    p -> p.runId().equals(orphan.runId()));
            TrainingRun adopted = ended(orphan.runId());
            assertThat(adopted.state()).isEqualTo(TrainingState.SUCCEEDED);
            assertThat(adopted.adoptions()).as("counted again from 0 once the run advanced").isZero();
            assertThat(store.exists(Bucket.TRAINING, ObjectKeys.activeRunMarker(orphan.runId())))
                    .as("a finished run leaves the active set").isFalse();
            assertThat(executor.handBackOrphans()).doesNotContain(orphan.runId());
        }
        assertThat(executor.isActive(held.runId())).isFalse();
        assertThat(runs.find(held.runId()).orElseThrow().state()).as("a run held elsewhere is not taken")
                .isEqualTo(TrainingState.QUEUED);
        runs.save(runs.find(held.runId()).orElseThrow().with(TrainingState.FAILED, 0, null, Map.of(), null,
                "test over"));
        store.delete(Bucket.TRAINING, ObjectKeys.activeRunMarker(unreadable));
    }

    @Test
    void aRunAdoptedTooOftenWithoutAdvancingFailsInsteadOfTakingAnotherReplicaDown() throws Exception {
        String style = "test-poison-" + Long.toHexString(System.nanoTime());
        TrainingRequested request = request(store, style);
        // three replicas adopted it at step 0 and went away each time
        runs.record(new TrainingRun(request.runId(), style, TrainingState.QUEUED, request, 0, 8, null, Map.of(), null,
                null, 3, Instant.now().minus(Duration.ofHours(1))));
        try (Topics2 topics = new Topics2(stack)) {
            assertThat(executor.handBackOrphans()).contains(request.runId());

            TrainingFailed failed = topics.await(Topics.TRAINING_EVENTS, "io.atelier.training.failed.v1", style,
                    TrainingFailed.class);
            assertThat(failed.message()).contains("adopted 3 times at step 0").contains("cropSize");
            ConsumerRecord<String, byte[]> dead = topics.awaitRecord(Topics.TRAINING_REQUESTS_DLQ,
                    r -> style.equals(r.key()));
            assertThat(KafkaCloudEvents.fromHeaders(dead.headers())).containsEntry("dead-letter-failure-reason",
                    "PROCESSING_ERROR");
        }
        assertThat(executor.isActive(request.runId())).as("not trained").isFalse();
        TrainingRun ended = runs.find(request.runId()).orElseThrow();
        assertThat(ended.state()).isEqualTo(TrainingState.FAILED);
        assertThat(store.exists(Bucket.TRAINING, ObjectKeys.activeRunMarker(request.runId()))).isFalse();
    }

    @Test
    void aCorpusLargerThanTheLimitIsSampledTheSameWayForTheSameSeed() throws Exception {
        String corpus = "test-sample-" + Long.toHexString(System.nanoTime());
        seedCorpus(store, corpus, 5);
        ObjectPrefix prefix = new ObjectPrefix(Bucket.DATASETS.bucketName(), ObjectKeys.contentCorpusPrefix(corpus));

        List<String> first = sizes(images.corpus(prefix, 3, 42));

        assertThat(first).hasSize(3);
        assertThat(sizes(images.corpus(prefix, 3, 42))).isEqualTo(first);
        assertThat(images.corpus(prefix, 10, 42)).hasSize(5);
    }

    /**
     * A sample's value from the Prometheus endpoint, e.g. {@code name{tag="value"}}; fails when it is not
     * served. The value is the first field after the name: an exemplar (the trace it was recorded in) may
     * follow it.
     */
    private static double metric(String sample) {
        String body = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        return body.lines().filter(line -> line.startsWith(sample + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(sample.length() + 1).trim().split(" ")[0]))
                .orElseThrow(() -> new AssertionError(sample + " is not among the served metrics"));
    }

    private static List<String> sizes(List<java.awt.image.BufferedImage> pictures) {
        return pictures.stream().map(p -> p.getWidth() + "x" + p.getHeight()).toList();
    }

    /** The run's record once it has ended: a run is recorded SUCCEEDED just after its announcement. */
    private TrainingRun ended(String runId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        TrainingRun run = runs.find(runId).orElseThrow();
        while (!run.state().terminal() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            run = runs.find(runId).orElseThrow();
        }
        return run;
    }

    /** A tiny-profile request for {@code style}: The Starry Night and a corpus of three sample photos, stored. */
    static TrainingRequested request(ObjectStore store, String style) throws Exception {
        String runId = UUID.randomUUID().toString();
        String corpus = "test-" + runId.substring(0, 8);
        seedCorpus(store, corpus, 3);
        byte[] painting = Files.readAllBytes(Samples.STARRY_NIGHT);
        String key = ObjectKeys.styleImage(style, runId, 0);
        store.put(Bucket.STYLES, key, painting, "image/jpeg");
        ImageRef ref = new ImageRef(Bucket.STYLES.bucketName(), key, ObjectStore.sha256(painting), 512, 320,
                "image/jpeg");
        return new TrainingRequested(1, runId, style, List.of(ref),
                new ObjectPrefix(Bucket.DATASETS.bucketName(), ObjectKeys.contentCorpusPrefix(corpus)),
                TrainingProfile.TINY, null, Instant.now(), "test");
    }

    /** The first {@code count} sample photos as the content corpus {@code corpus}. */
    private static void seedCorpus(ObjectStore store, String corpus, int count) throws Exception {
        for (Path file : Samples.files(Samples.CONTENT).stream().limit(count).toList()) {
            store.put(Bucket.DATASETS, ObjectKeys.contentImage(corpus, file.getFileName().toString()),
                    Files.readAllBytes(file), "image/jpeg");
        }
    }

    /** The test's producer and a reader of every topic the trainer writes. */
    static final class Topics2 implements AutoCloseable {
        private final KafkaProducer<String, byte[]> producer;
        private final KafkaConsumer<String, byte[]> consumer;
        private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

        Topics2(StackEndpoints stack) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                    new StringSerializer(), new ByteArraySerializer());
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                    new ByteArrayDeserializer());
            consumer.subscribe(List.of(Topics.MODELS, Topics.TRAINING_EVENTS, Topics.TRAINING_REQUESTS_DLQ));
        }

        void send(TrainingRequested request) throws Exception {
            producer.send(KafkaCloudEvents.toRecord(new CloudEventCodec("/test").encode(request)))
                    .get(30, TimeUnit.SECONDS);
        }

        void send(ProducerRecord<String, byte[]> record) throws Exception {
            producer.send(record).get(30, TimeUnit.SECONDS);
        }

        ConsumerRecord<String, byte[]> awaitRecord(String topic, Predicate<ConsumerRecord<String, byte[]>> match) {
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : seen) {
                    if (record.topic().equals(topic) && match.test(record)) {
                        return record;
                    }
                }
                consumer.poll(Duration.ofMillis(250)).forEach(seen::add);
            }
            throw new AssertionError("no matching record on " + topic);
        }

        <E> E await(String topic, String type, String key, Class<E> event) throws Exception {
            return await(topic, type, key, event, e -> true);
        }

        <E> E await(String topic, String type, String key, Class<E> event, Predicate<E> match) throws Exception {
            List<E> found = all(topic, type, key, event, match, 1);
            return found.get(0);
        }

        /** The first {@code count} matching events, in topic order, validated against their schema. */
        <E> List<E> all(String topic, String type, String key, Class<E> event, Predicate<E> match, int count)
                throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (true) {
                List<E> found = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : seen) {
                    Map<String, String> headers = KafkaCloudEvents.fromHeaders(record.headers());
                    if (record.topic().equals(topic) && key.equals(record.key()) && type.equals(headers.get("ce_type"))) {
                        @SuppressWarnings("unchecked")
                        E decoded = (E) CloudEventCodec.decode(headers, record.value());
                        if (match.test(decoded)) {
                            found.add(decoded);
                        }
                    }
                }
                if (found.size() >= count) {
                    return found;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("only " + found.size() + " of " + count + " " + type + " events for "
                            + key + " within 180 s");
                }
                consumer.poll(Duration.ofMillis(250)).forEach(seen::add);
            }
        }

        @Override
        public void close() {
            producer.close();
            consumer.close();
        }
    }
}
