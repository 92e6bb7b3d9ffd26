package io.atelier.generator;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.atelier.schemas.models.GeneratorContract;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GeneratorOnnxTest {

    private static final GeneratorSpec TINY = new GeneratorSpec(2, 1);

    @Test
    void exportedGraphMatchesAPlainJavaForwardPassAtTwoSizes() throws Exception {
        Map<String, float[]> params = GeneratorOnnx.randomParameters(TINY, 7);
        jitterNormalisation(params, new Random(3));
        byte[] model = GeneratorOnnx.build(TINY, params, Map.of("style", "test"));
        ReferenceGenerator reference = new ReferenceGenerator(TINY, params);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model)) {
            for (int[] size : new int[][]{{8, 12}, {16, 8}}) {
                int h = size[0];
                int w = size[1];
                float[][][] image = randomImage(h, w, new Random(h * 31L + w));
                float[] actual = run(env, session, flatten(image), 1, h, w);
                float[] expected = flatten(reference.forward(image));
                assertThat(actual).as(h + "x" + w).containsExactly(expected, within(1e-4f));
            }
        }
    }

    @Test
    void hasTheContractsNamesDynamicSizesAndMetadata() throws Exception {
        byte[] model = GeneratorOnnx.build(TINY, GeneratorOnnx.randomParameters(TINY, 1), Map.of("style", "x",
                "version", "v1"));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model)) {
            assertThat(session.getInputNames()).containsExactly(GeneratorContract.INPUT);
            assertThat(session.getOutputNames()).containsExactly(GeneratorContract.OUTPUT);
            assertThat(session.getMetadata().getCustomMetadata()).containsEntry("style", "x")
                    .containsEntry("version", "v1");
            float[] batch = flatten(randomImage(2 * 20, 8, new Random(1)));
            float[] out = run(env, session, batch, 2, 20, 8);
            assertThat(out).hasSize(batch.length);
            for (float v : out) {
                assertThat(v).isBetween(-1f, 1f);
            }
        }
    }

    /** ONNX Runtime warns about, and drops, initializers no node reads: every one must be used. */
    @Test
    void everyInitializerIsReadByANode() throws Exception {
        OnnxMl.GraphProto graph = OnnxMl.ModelProto.parseFrom(GeneratorOnnx.build(TINY,
                GeneratorOnnx.randomParameters(TINY, 1), Map.of())).getGraph();
        Set<String> read = graph.getNodeList().stream().flatMap(node -> node.getInputList().stream())
                .collect(Collectors.toSet());

        assertThat(graph.getInitializerList()).extracting(OnnxMl.TensorProto::getName).allMatch(read::contains);
    }

    @Test
    void missingOrMisShapedParametersAreNamed() {
        Map<String, float[]> params = new java.util.HashMap<>(GeneratorOnnx.randomParameters(TINY, 1));
        params.put("down1.weight", new float[3]);

        assertThatThrownBy(() -> GeneratorOnnx.build(TINY, params, Map.of()))
                .hasMessageContaining("down1.weight");
    }

    private static void jitterNormalisation(Map<String, float[]> params, Random random) {
        params.forEach((name, values) -> {
            if (name.endsWith(".gamma") || name.endsWith(".beta") || name.endsWith(".bias")) {
                for (int i = 0; i < values.length; i++) {
                    values[i] += (float) (random.nextGaussian() * 0.3);
                }
            }
        });
    }

    private static float[] run(OrtEnvironment env, OrtSession session, float[] input, int n, int h, int w)
            throws Exception {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[]{n, 3, h, w});
             OrtSession.Result result = session.run(Map.of(GeneratorContract.INPUT, tensor))) {
            FloatBuffer buffer = ((OnnxTensor) result.get(GeneratorContract.OUTPUT).orElseThrow()).getFloatBuffer();
            float[] out = new float[buffer.remaining()];
            buffer.get(out);
            return out;
        }
    }

    private static float[][][] randomImage(int h, int w, Random random) {
        float[][][] image = new float[3][h][w];
        for (float[][] plane : image) {
            for (float[] row : plane) {
                for (int j = 0; j < w; j++) {
                    row[j] = random.nextFloat() * 2 - 1;
                }
            }
        }
        return image;
    }

    private static float[] flatten(float[][][] image) {
        int h = image[0].length;
        int w = image[0][0].length;
        float[] flat = new float[3 * h * w];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < h; i++) {
                System.arraycopy(image[c][i], 0, flat, (c * h + i) * w, w);
            }
        }
        return flat;
    }
}
