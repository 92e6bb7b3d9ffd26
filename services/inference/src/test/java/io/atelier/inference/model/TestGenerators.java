package io.atelier.inference.model;

import ai.onnx.proto.OnnxMl;
import io.atelier.common.storage.ObjectStore;
import io.atelier.generator.GeneratorOnnx;
import io.atelier.schemas.events.ModelPublished;
import io.atelier.schemas.events.ObjectRef;
import io.atelier.schemas.models.CurrentModel;
import io.atelier.schemas.models.GeneratorContract;
import io.atelier.schemas.models.ModelManifest;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;

import java.time.Instant;
import java.util.Map;

/**
 * Generators that tests build themselves with the ONNX protobuf model, until trained ones exist:
 * a 1x1 convolution (a colour matrix) followed by tanh, which keeps the contract's names and shapes.
 */
public final class TestGenerators {

    private TestGenerators() {
    }

    /** output = tanh(weights * input + bias) per pixel; weights row-major 3x3. */
    public static byte[] colourMatrix(float[] weights, float[] bias) {
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("colour-matrix")
                .addInput(GeneratorOnnx.nchw(GeneratorContract.INPUT))
                .addOutput(GeneratorOnnx.nchw(GeneratorContract.OUTPUT))
                .addInitializer(GeneratorOnnx.tensor("W", new long[]{3, 3, 1, 1}, weights))
                .addInitializer(GeneratorOnnx.tensor("B", new long[]{3}, bias))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Conv").setName("conv")
                        .addInput(GeneratorContract.INPUT).addInput("W").addInput("B").addOutput("mixed"))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Tanh").setName("tanh")
                        .addInput("mixed").addOutput(GeneratorContract.OUTPUT))
                .build();
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("atelier-tests")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(GeneratorContract.OPSET))
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    /** A colour-swapping generator: R, G, B become B, R, G (scaled by 1.5 before tanh). */
    public static byte[] channelRotation() {
        return colourMatrix(new float[]{0, 0, 1.5f, 1.5f, 0, 0, 0, 1.5f, 0}, new float[]{0, 0, 0});
    }

    /** A generator that inverts colours. */
    public static byte[] inversion() {
        return colourMatrix(new float[]{-1.5f, 0, 0, 0, -1.5f, 0, 0, 0, -1.5f}, new float[]{0, 0, 0});
    }

    /** Writes a version into the registry and makes it current, as the trainer will; returns its event. */
    public static ModelPublished publish(ObjectStore store, String style, String version, byte[] model) {
        ObjectRef generator = store.put(Bucket.MODELS, ObjectKeys.modelGenerator(style, version), model,
                "application/octet-stream");
        ObjectRef manifest = store.putJson(Bucket.MODELS, ObjectKeys.modelManifest(style, version),
                new ModelManifest(1, style, version, generator.sha256(), model.length, Instant.now(), null, null,
                        Map.of("kind", "test"), Map.of()));
        store.putJson(Bucket.MODELS, ObjectKeys.currentModelPointer(style), new CurrentModel(style, version,
                Instant.now()));
        return new ModelPublished(ModelPublished.SCHEMA_VERSION, style, version, generator, manifest, null, Map.of(),
                Instant.now());
    }
}
