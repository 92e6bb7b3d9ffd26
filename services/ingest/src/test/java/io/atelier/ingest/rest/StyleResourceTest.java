package io.atelier.ingest.rest;

import io.atelier.common.storage.ObjectStore;
import io.atelier.infra.local.StackEndpoints;
import io.atelier.schemas.cloudevents.CloudEventCodec;
import io.atelier.schemas.cloudevents.KafkaCloudEvents;
import io.atelier.schemas.events.TrainingParameters;
import io.atelier.schemas.events.TrainingRequested;
import io.atelier.schemas.models.CurrentModel;
import io.atelier.schemas.models.GateFailure;
import io.atelier.schemas.models.GateVerdict;
import io.atelier.schemas.models.ModelEvaluation;
import io.atelier.schemas.models.ModelManifest;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.atelier.schemas.topics.Topics;
import io.atelier.schemas.training.TrainingRun;
import io.atelier.schemas.training.TrainingState;
import io.atelier.testsupport.AtelierStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(AtelierStackResource.class)
public class StyleResourceTest {

    @Inject
    ObjectStore store;

    StackEndpoints stack;

    @Test
    void anAdminQueuesTrainingWithStoredStyleImages() throws Exception {
        String style = "test-train-" + Long.toHexString(System.nanoTime());
        byte[] png = JobResourceTest.png(JobResourceTest.image(64, 48, BufferedImage.TYPE_INT_RGB));

        String runId = RestAssured.given().header("X-API-Key", "test-admin-key").multiPart("name", style)
                .multiPart("image", "a.png", png, "image/png").multiPart("image", "b.png", png, "image/png")
                .multiPart("profile", "quick").multiPart("steps", "50").multiPart("alpha", "0.8")
                .multiPart("cropSize", "64").multiPart("seed", "7")
                .post("/api/v1/styles").then().statusCode(202).extract().path("runId");

        TrainingRequested request = trainingRequest(runId);
        assertThat(request.style()).isEqualTo(style);
        assertThat(request.styleImages()).hasSize(2);
        assertThat(request.parameters()).isEqualTo(new TrainingParameters(50, 64, null, 0.8, null, null, null, null,
                null, 7L));
        assertThat(request.contentCorpus().prefix()).isEqualTo("content/samples/");
        assertThat(store.exists(Bucket.STYLES, ObjectKeys.styleImage(style, runId, 1))).isTrue();

        RestAssured.given().header("X-API-Key", JobResourceTest.USER_KEY).get("/api/v1/styles/" + style).then()
                .statusCode(200).body("currentVersion", nullValue()).body("versions", empty())
                .body("training.runId", equalTo(List.of(runId))).body("training[0].state", equalTo("queued"));
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheSameRunAndQueuesNoSecond() throws Exception {
        String style = "test-train-once-" + Long.toHexString(System.nanoTime());
        byte[] png = JobResourceTest.png(JobResourceTest.image(64, 48, BufferedImage.TYPE_INT_RGB));
        String key = UUID.randomUUID().toString();
        List<String> runIds = new ArrayList<>();
        for (int attempt = 0; attempt < 2; attempt++) {
            runIds.add(RestAssured.given().header("X-API-Key", "test-admin-key").header("Idempotency-Key", key)
                    .multiPart("name", style).multiPart("image", "a.png", png, "image/png").multiPart("profile", "tiny")
                    .post("/api/v1/styles").then().statusCode(202).body("style", equalTo(style))
                    .extract().<String>path("runId"));
        }

        assertThat(runIds.get(1)).isEqualTo(runIds.get(0));
        assertThat(trainingRequests()).filteredOn(request -> request.style().equals(style))
                .extracting(TrainingRequested::runId).containsExactly(runIds.get(0));
    }

    @Test
    void reportsTrainingStatusFromTheRunRecord() {
        String style = "test-status-" + Long.toHexString(System.nanoTime());
        String runId = UUID.randomUUID().toString();
        store.put(Bucket.STYLES, ObjectKeys.styleImage(style, runId, 0), new byte[]{1}, "image/png");
        store.putJson(Bucket.TRAINING, ObjectKeys.runState(runId), new TrainingRun(runId, style,
                TrainingState.RUNNING, null, 40, 600, null, Map.of("generator", 0.5), null, null, 0, Instant.now()));

        RestAssured.given().header("X-API-Key", JobResourceTest.USER_KEY).get("/api/v1/styles").then()
                .statusCode(200).body("find { it.name == '" + style + "' }.training[0].state", equalTo("running"))
                .body("find { it.name == '" + style + "' }.training[0].step", equalTo(40))
                .body("find { it.name == '" + style + "' }.training[0].totalSteps", equalTo(600));
    }

    @Test
    void aRunRecordThatNoLongerParsesShowsAsUnreadableInsteadOfFailingTheListing() {
        String style = "test-unreadable-" + Long.toHexString(System.nanoTime());
        String runId = UUID.randomUUID().toString();
        store.put(Bucket.STYLES, ObjectKeys.styleImage(style, runId, 0), new byte[]{1}, "image/png");
        // what a run of a profile this release no longer has left behind
        store.put(Bucket.TRAINING, ObjectKeys.runState(runId), ("{\"runId\":\"" + runId + "\",\"style\":\"" + style
                + "\",\"state\":\"SUCCEEDED\",\"request\":{\"profile\":\"retired-profile\"}}").getBytes(),
                "application/json");

        RestAssured.given().header("X-API-Key", JobResourceTest.USER_KEY).get("/api/v1/styles").then()
                .statusCode(200).body("name", hasItem(style));
        RestAssured.given().header("X-API-Key", JobResourceTest.USER_KEY).get("/api/v1/styles/" + style).then()
                .statusCode(200).body("training[0].runId", equalTo(runId))
                .body("training[0].state", equalTo("unreadable"))
                .body("training[0].failure", containsString("retired-profile"));
    }

    /** The local S3 server can serve an object that is being rewritten half-written; the listing must stand. */
    @Test
    void anUnreadableCurrentPointerShowsNoCurrentVersionInsteadOfFailingTheListing() {
        String style = "test-torn-pointer-" + Long.toHexString(System.nanoTime());
        store.put(Bucket.MODELS, ObjectKeys.modelManifest(style, "v1"), "{}".getBytes(), "application/json");
        store.put(Bucket.MODELS, ObjectKeys.currentModelPointer(style), "{\"style\":".getBytes(), "application/json");

        RestAssured.given().header("X-API-Key", JobResourceTest.USER_KEY).get("/api/v1/styles").then()
                .statusCode(200).body("name", hasItem(style));
        RestAssured.given().header("X-API-Key", JobResourceTest.USER_KEY).get("/api/v1/styles/" + style).then()
                .statusCode(200).body("versions", hasItem("v1")).body("currentVersion", nullValue());
        store.delete(Bucket.MODELS, ObjectKeys.currentModelPointer(style));
        store.delete(Bucket.MODELS, ObjectKeys.modelManifest(style, "v1"));
    }

    @Test
    void refusesTrainingOptionsItCannotUse() throws Exception {
        byte[] png = JobResourceTest.png(JobResourceTest.image(8, 8, BufferedImage.TYPE_INT_RGB));
        for (String[] field : List.of(new String[]{"profile", "huge"}, new String[]{"steps", "many"},
                new String[]{"alpha", "1.5"}, new String[]{"cropSize", "30"}, new String[]{"steps", "1e3"},
                new String[]{"seed", "1E18"}, new String[]{"cropSize", "1.6e2"}, new String[]{"generatorWidth", "2"})) {
            JobResourceTest.rejected(RestAssured.given().header("X-API-Key", "test-admin-key")
                    .multiPart("name", "refused-style").multiPart("image", "a.png", png, "image/png")
                    .multiPart(field[0], field[1]).post("/api/v1/styles"), 400, "invalid-field", field[0]);
        }
        RequestSpecification tooMany = RestAssured.given().header("X-API-Key", "test-admin-key")
                .multiPart("name", "refused-style");
        for (int i = 0; i <= TrainingRequested.MAX_STYLE_IMAGES; i++) {
            tooMany.multiPart("image", i + ".png", png, "image/png");
        }
        JobResourceTest.rejected(tooMany.post("/api/v1/styles"), 400, "invalid-field",
                "at most " + TrainingRequested.MAX_STYLE_IMAGES);
        assertThat(store.list(Bucket.STYLES, ObjectKeys.STYLES_ROOT + "refused-style/")).isEmpty();
    }

    @Test
    void trainingNeedsTheAdminScope() throws Exception {
        byte[] png = JobResourceTest.png(JobResourceTest.image(8, 8, BufferedImage.TYPE_INT_RGB));
        JobResourceTest.rejected(RestAssured.given().header("X-API-Key", JobResourceTest.USER_KEY)
                .multiPart("name", "some-style").multiPart("image", "a.png", png, "image/png")
                .post("/api/v1/styles"), 403, "forbidden");
    }

    @Test
    void listsStylesWithTheirVersionsAndCurrentOne() {
        String style = "test-listed-" + Long.toHexString(System.nanoTime());
        for (String version : List.of("v1", "v2", "v10")) {
            store.putJson(Bucket.MODELS, ObjectKeys.modelManifest(style, version), new ModelManifest(1, style,
                    version, "0".repeat(64), 1, Instant.now(), null, null, Map.of(), Map.of()));
        }
        store.putJson(Bucket.MODELS, ObjectKeys.currentModelPointer(style), new CurrentModel(style, "v2",
                Instant.now()));
        // a style whose name starts with this one's must not leak into it
        store.putJson(Bucket.MODELS, ObjectKeys.modelManifest(style + "-sibling", "v5"), new ModelManifest(1,
                style + "-sibling", "v5", "0".repeat(64), 1, Instant.now(), null, null, Map.of(), Map.of()));

        RestAssured.given().header("X-API-Key", JobResourceTest.USER_KEY).get("/api/v1/styles").then()
                .statusCode(200).body("name", hasItem(style));
        RestAssured.given().header("X-API-Key", JobResourceTest.USER_KEY).get("/api/v1/styles/" + style).then()
                .statusCode(200).body("currentVersion", equalTo("v2"))
                .body("versions", equalTo(List.of("v1", "v2", "v10")));
        JobResourceTest.rejected(RestAssured.given().header("X-API-Key", JobResourceTest.USER_KEY)
                .get("/api/v1/styles/no-such-style"), 404, "unknown-style");
        JobResourceTest.rejected(RestAssured.given().header("X-API-Key", JobResourceTest.USER_KEY)
                .get("/api/v1/styles/Not_A_Style"), 404, "unknown-style");
    }

    @Test
    void showsEachVersionsEvaluationWithAPresignedContactSheetAndWhyTheGateHeldItBack() throws Exception {
        String style = "test-evaluated-" + Long.toHexString(System.nanoTime());
        byte[] sheet = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        for (String version : List.of("v1", "v2", "v3")) {
            store.putJson(Bucket.MODELS, ObjectKeys.modelManifest(style, version), new ModelManifest(1, style,
                    version, "0".repeat(64), 1, Instant.now(), null, null, Map.of(), Map.of()));
        }
        // v1 passed, v2 was held back on SSIM, v3 predates evaluations
        store.putJson(Bucket.MODELS, ObjectKeys.modelEvaluation(style, "v1"), evaluation(style, "v1", 0.48, List.of()));
        store.putJson(Bucket.MODELS, ObjectKeys.modelEvaluation(style, "v2"), evaluation(style, "v2", 0.12,
                List.of(new GateFailure("medianSsim", 0.12, 0.35, GateFailure.Limit.MIN))));
        store.put(Bucket.MODELS, ObjectKeys.modelContactSheet(style, "v1"), sheet, "image/png");
        store.putJson(Bucket.MODELS, ObjectKeys.currentModelPointer(style), new CurrentModel(style, "v1",
                Instant.now()));

        var body = RestAssured.given().header("X-API-Key", JobResourceTest.USER_KEY).get("/api/v1/styles/" + style)
                .then().statusCode(200)
                .body("models.version", equalTo(List.of("v1", "v2", "v3")))
                .body("models.current", equalTo(List.of(true, false, false)))
                .body("models.heldBack", equalTo(List.of(false, true, false)))
                .body("models[0].evaluation.summary.medianSsim", equalTo(0.48f))
                .body("models[0].evaluation.summary.styleRatio", equalTo(0.6f))
                .body("models[0].evaluation.summary.textureRatio", equalTo(0.8f))
                .body("models[0].evaluation.gate.outcome", equalTo("PASSED"))
                .body("models[0].evaluation.photos[0].name", equalTo("otters.jpg"))
                .body("models[1].heldBackBy[0].metric", equalTo("medianSsim"))
                .body("models[1].heldBackBy[0].threshold", equalTo(0.35f))
                .body("models[1].evaluation.gate.outcome", equalTo("FAILED"))
                .body("models[2].evaluation", nullValue())
                .extract();
        // the listing of every style reads and shows only the current version's evaluation
        RestAssured.given().header("X-API-Key", JobResourceTest.USER_KEY).get("/api/v1/styles").then()
                .statusCode(200)
                .body("find { it.name == '" + style + "' }.versions", equalTo(List.of("v1", "v2", "v3")))
                .body("find { it.name == '" + style + "' }.models.version", equalTo(List.of("v1")))
                .body("find { it.name == '" + style + "' }.models[0].evaluation.gate.outcome", equalTo("PASSED"));
        String url = body.path("models[0].evaluation.contactSheetUrl");
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body()).isEqualTo(sheet);
    }

    /** An evaluation with the given SSIM (median and lowest) and gate failures; also used by the page test. */
    public static ModelEvaluation evaluation(String style, String version, double ssim, List<GateFailure> failures) {
        return new ModelEvaluation(ModelEvaluation.SCHEMA_VERSION, style, version, Instant.now(), 192,
                "infra/samples/holdout", "styles/" + style + "/x/style-000.png",
                List.of(new ModelEvaluation.Photo("otters.jpg", 0.8, 0.48, 0.5, 0.4, ssim, 1.0, 10, 15)),
                new ModelEvaluation.Summary(0.6, 0.8, ssim, ssim, 1.0, 5.0), GateVerdict.of(failures));
    }

    /** Every training request on the topic now, read to its end. */
    private List<TrainingRequested> trainingRequests() throws Exception {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.TRAINING_REQUESTS).stream()
                    .map(partition -> new TopicPartition(partition.topic(), partition.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<TrainingRequested> requests = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                assertThat(System.nanoTime()).as("read to the topic's end in time").isLessThan(deadline);
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(250))) {
                    requests.add(CloudEventCodec.decode(KafkaCloudEvents.fromHeaders(record.headers()), record.value(),
                            TrainingRequested.class));
                }
            }
            return requests;
        }
    }

    private TrainingRequested trainingRequest(String runId) throws Exception {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.TRAINING_REQUESTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(250))) {
                    TrainingRequested request = CloudEventCodec.decode(KafkaCloudEvents.fromHeaders(record.headers()),
                            record.value(), TrainingRequested.class);
                    if (request.runId().equals(runId)) {
                        return request;
                    }
                }
            }
        }
        throw new AssertionError("no training request for run " + runId);
    }
}
