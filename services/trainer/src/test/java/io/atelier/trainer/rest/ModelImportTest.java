package io.atelier.trainer.rest;

import ai.onnx.proto.OnnxMl;
import io.atelier.common.storage.ObjectStore;
import io.atelier.generator.GeneratorOnnx;
import io.atelier.generator.GeneratorSpec;
import io.atelier.schemas.events.ModelPublished;
import io.atelier.schemas.json.EventJson;
import io.atelier.schemas.json.EventSchemas;
import io.atelier.schemas.models.CurrentModel;
import io.atelier.schemas.models.GateFailure;
import io.atelier.schemas.models.GateVerdict;
import io.atelier.schemas.models.ModelEvaluation;
import io.atelier.schemas.models.GeneratorContract;
import io.atelier.schemas.models.ModelManifest;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.atelier.testsupport.AtelierStackResource;
import io.atelier.trainer.registry.ModelPublisher;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;

/**
 * Generators trained elsewhere go through the admin API: a conforming ONNX file becomes the style's
 * next version, with a manifest naming its source and no run and an evaluation on the held-out photos;
 * one that fails the quality gate is stored but the pointer stays until an admin promotes it; a truncated file, one with other input
 * names and one whose output leaves [-1, 1] are refused with a problem naming why, and nothing is stored.
 * A version number another publisher (a second replica) takes between this one's listing and its write
 * stays that publisher's, and this one takes the next.
 */
@QuarkusTest
@QuarkusTestResource(AtelierStackResource.class)
class ModelImportTest {

    static final String ADMIN_KEY = "test-admin-key";

    @Inject
    ObjectStore store;

    @Inject
    ModelPublisher publisher;

    @Test
    void aConformingGeneratorIsEvaluatedAndBecomesTheNextVersionAndIsCurrent() throws Exception {
        String style = "imported-" + System.nanoTime();
        byte[] model = GeneratorOnnx.elementwise("Identity");

        upload(style, model, "exported from PyTorch by a partner").statusCode(201)
                .body("style", equalTo(style)).body("version", equalTo("v1"))
                .body("evaluation.key", equalTo(ObjectKeys.modelEvaluation(style, "v1")))
                .body("heldBack", nullValue());

        ModelManifest manifest = store.getJson(Bucket.MODELS, ObjectKeys.modelManifest(style, "v1"),
                ModelManifest.class).orElseThrow();
        assertThat(manifest.runId()).isNull();
        assertThat(manifest.configuration()).containsEntry("source", "exported from PyTorch by a partner")
                .containsEntry("fileName", "generator.onnx");
        assertThat(manifest.sha256()).isEqualTo(ObjectStore.sha256(model));
        assertThat(store.get(Bucket.MODELS, ObjectKeys.modelGenerator(style, "v1")).orElseThrow()).isEqualTo(model);
        assertThat(current(style)).isEqualTo("v1");

        // the identity keeps every photo: structure and border perfect; no style image, so no style ratio
        byte[] json = store.get(Bucket.MODELS, ObjectKeys.modelEvaluation(style, "v1")).orElseThrow();
        assertThat(EventSchemas.get().problems(ModelEvaluation.SCHEMA_ID, EventJson.mapper().readTree(json))).isEmpty();
        ModelEvaluation evaluation = EventJson.mapper().readValue(json, ModelEvaluation.class);
        assertThat(evaluation.photos()).extracting(ModelEvaluation.Photo::name).containsExactly(
                "casa_mila_courtyard.jpg", "grapes.jpg", "otters.jpg", "singapore_skyline.jpg", "spices.jpg");
        assertThat(evaluation.summary().medianSsim()).isCloseTo(1.0, within(1e-6));
        assertThat(evaluation.summary().medianBorderRatio()).isCloseTo(1.0, within(1e-6));
        assertThat(evaluation.summary().styleRatio()).isNull();
        assertThat(evaluation.styleImage()).isNull();
        assertThat(evaluation.gate().outcome()).isEqualTo(GateVerdict.Outcome.PASSED);
        BufferedImage sheet = ImageIO.read(new ByteArrayInputStream(
                store.get(Bucket.MODELS, ObjectKeys.modelContactSheet(style, "v1")).orElseThrow()));
        assertThat(sheet.getHeight()).isLessThan(sheet.getWidth()).isLessThanOrEqualTo(300);
    }

    @Test
    void aVersionThatFailsTheGateIsStoredButHeldBackUntilAnAdminPromotesIt() {
        String style = "gated-" + System.nanoTime();
        upload(style, GeneratorOnnx.elementwise("Identity"), null).statusCode(201).body("version", equalTo("v1"));

        // the negative of every photo: its structure is gone (SSIM below 0)
        upload(style, GeneratorOnnx.elementwise("Neg"), "an inverted export").statusCode(201)
                .body("version", equalTo("v2"))
                .body("heldBack[0].metric", equalTo("medianSsim"))
                .body("heldBack[0].limit", equalTo("MIN"))
                .body("heldBack[0].threshold", equalTo(0.35f))
                .body("heldBack[0].value", lessThan(0f));

        assertThat(current(style)).as("the pointer stays on the last version that passed").isEqualTo("v1");
        assertThat(store.exists(Bucket.MODELS, ObjectKeys.modelGenerator(style, "v2"))).isTrue();
        ModelEvaluation evaluation = store.getJson(Bucket.MODELS, ObjectKeys.modelEvaluation(style, "v2"),
                ModelEvaluation.class).orElseThrow();
        assertThat(evaluation.gate().holdsBack()).isTrue();
        assertThat(evaluation.gate().failures()).extracting(GateFailure::metric).containsExactly("medianSsim");

        RestAssured.given().post("/api/v1/models/" + style + "/v2/promote").then().statusCode(401);
        RestAssured.given().header("X-API-Key", ADMIN_KEY).post("/api/v1/models/" + style + "/v9/promote").then()
                .statusCode(404).body("type", containsString("unknown-model-version"));
        assertThat(current(style)).isEqualTo("v1");

        RestAssured.given().header("X-API-Key", ADMIN_KEY).post("/api/v1/models/" + style + "/v2/promote").then()
                .statusCode(200).body("version", equalTo("v2")).body("heldBack", nullValue())
                .body("evaluation.key", equalTo(ObjectKeys.modelEvaluation(style, "v2")));
        assertThat(current(style)).isEqualTo("v2");
    }

    @Test
    void aVersionNumberAnotherPublisherTookMeanwhileStaysItsAndTheNextIsUsed() {
        String style = "raced-" + System.nanoTime();
        byte[] theirs = GeneratorOnnx.elementwise("Neg");
        byte[] ours = GeneratorOnnx.elementwise("Identity");
        List<String> asked = new ArrayList<>();

        ModelPublished published = publisher.publish(style, version -> {
            if (asked.isEmpty()) {
                // the other replica writes this number after this publisher listed the style's versions
                store.put(Bucket.MODELS, ObjectKeys.modelGenerator(style, version), theirs, "application/octet-stream");
            }
            asked.add(version);
            return ours;
        }, null, null, Map.of(), Map.of(), null, null);

        assertThat(asked).containsExactly("v1", "v2");
        assertThat(published.version()).isEqualTo("v2");
        assertThat(store.get(Bucket.MODELS, ObjectKeys.modelGenerator(style, "v1")).orElseThrow()).isEqualTo(theirs);
        assertThat(store.get(Bucket.MODELS, ObjectKeys.modelGenerator(style, "v2")).orElseThrow()).isEqualTo(ours);
        assertThat(store.exists(Bucket.MODELS, ObjectKeys.modelManifest(style, "v1"))).as("not written by us").isFalse();
        assertThat(current(style)).isEqualTo("v2");
    }

    @Test
    void aPublishNeverMovesThePointerBackFromALaterVersion() {
        String style = "behind-" + System.nanoTime();
        // a later version another replica made current while this one was publishing
        store.putJson(Bucket.MODELS, ObjectKeys.currentModelPointer(style), new CurrentModel(style, "v7", Instant.now()));

        ModelPublished published = publisher.publish(style, version -> GeneratorOnnx.elementwise("Identity"), null,
                null, Map.of(), Map.of(), null, null);

        assertThat(published.version()).isEqualTo("v1");
        assertThat(current(style)).isEqualTo("v7");
        assertThat(published.publishedAt()).as("dated when it was stored").isCloseTo(store.getJson(Bucket.MODELS,
                ObjectKeys.modelManifest(style, "v1"), ModelManifest.class).orElseThrow().createdAt(),
                within(1, ChronoUnit.MILLIS));
    }

    private String current(String style) {
        return store.getJson(Bucket.MODELS, ObjectKeys.currentModelPointer(style), CurrentModel.class)
                .orElseThrow().version();
    }

    @Test
    void brokenOrNonConformingFilesAreRefusedAndNothingIsStored() {
        String style = "refused-" + System.nanoTime();
        byte[] model = generator();

        upload(style, Arrays.copyOf(model, model.length / 2), null).statusCode(422)
                .body("type", containsString("invalid-model"));
        upload(style, graph("image", false), null).statusCode(422)
                .body("detail", containsString("'" + GeneratorContract.INPUT + "'"));
        upload(style, graph(GeneratorContract.INPUT, true), null).statusCode(422)
                .body("detail", containsString("[-1, 1]"));
        RestAssured.given().header("X-API-Key", ADMIN_KEY).multiPart("source", "no file")
                .post("/api/v1/models/" + style).then().statusCode(400).body("type", containsString("missing-field"));
        RestAssured.given().multiPart("model", "generator.onnx", model, "application/octet-stream")
                .post("/api/v1/models/" + style).then().statusCode(401);

        assertThat(store.list(Bucket.MODELS, ObjectKeys.modelsPrefix(style))).isEmpty();
    }

    private static ValidatableResponse upload(String style, byte[] model, String source) {
        var request = RestAssured.given().header("X-API-Key", ADMIN_KEY)
                .multiPart("model", "generator.onnx", model, "application/octet-stream");
        if (source != null) {
            request.multiPart("source", source);
        }
        return request.post("/api/v1/models/" + style).then();
    }

    private static byte[] generator() {
        GeneratorSpec spec = new GeneratorSpec(4, 1);
        return GeneratorOnnx.build(spec, GeneratorOnnx.randomParameters(spec, 7), Map.of());
    }

    /** A one-node graph: tanh of the input, or ten times the input (out of range) when {@code unbounded}. */
    private static byte[] graph(String input, boolean unbounded) {
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("not-a-generator")
                .addInput(GeneratorOnnx.nchw(input)).addOutput(GeneratorOnnx.nchw(GeneratorContract.OUTPUT));
        if (unbounded) {
            graph.addInitializer(GeneratorOnnx.tensor("ten", new long[]{1}, new float[]{10f}))
                    .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Mul").setName("scale").addInput(input)
                            .addInput("ten").addOutput(GeneratorContract.OUTPUT));
        } else {
            graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Tanh").setName("tanh").addInput(input)
                    .addOutput(GeneratorContract.OUTPUT));
        }
        return OnnxMl.ModelProto.newBuilder().setIrVersion(8).setProducerName("atelier-tests")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("")
                        .setVersion(GeneratorContract.OPSET))
                .setGraph(graph).build().toByteArray();
    }
}
