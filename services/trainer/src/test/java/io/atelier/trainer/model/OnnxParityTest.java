package io.atelier.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.atelier.generator.GeneratorOnnx;
import io.atelier.generator.GeneratorSpec;
import io.atelier.schemas.models.GeneratorContract;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The exported ONNX graph, run by ONNX Runtime, computes what the DJL generator computes. */
class OnnxParityTest {

    @Test
    void djlAndOnnxRuntimeAgreeOnRandomInputsAtTwoSizes() throws Exception {
        GeneratorSpec spec = new GeneratorSpec(8, 2);
        try (NDManager manager = NDManager.newBaseManager()) {
            GeneratorNetwork generator = GeneratorNetwork.initialise(manager, spec, 11);
            perturbAffine(generator.parameters(), new Random(5));
            byte[] onnx = GeneratorOnnx.build(spec, generator.parameters().values(), Map.of());
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession session = env.createSession(onnx)) {
                Random random = new Random(1);
                for (int[] size : new int[][]{{2, 32, 48}, {1, 20, 12}}) {
                    float[] input = new float[3 * size[0] * size[1] * size[2]];
                    for (int i = 0; i < input.length; i++) {
                        input[i] = random.nextFloat() * 2 - 1;
                    }
                    NDArray x = manager.create(input, new Shape(size[0], 3, size[1], size[2]));
                    float[] djl = generator.forward(x).toFloatArray();
                    float[] ort = run(env, session, input, size);
                    assertThat(djl).as("%dx%dx%d", size[0], size[1], size[2])
                            .containsExactly(ort, within(1e-4f));
                }
            }
        }
    }

    /**
     * Trained scales, shifts, biases and the {@code keep} path's weights are not the 1 and 0 they start
     * at; parity must hold for any values.
     */
    private static void perturbAffine(Parameters parameters, Random random) {
        parameters.all().forEach((name, array) -> {
            if (!name.endsWith(".weight") || name.startsWith("keep.")) {
                float[] values = array.toFloatArray();
                for (int i = 0; i < values.length; i++) {
                    values[i] += (float) random.nextGaussian() * 0.2f;
                }
                array.set(values);
            }
        });
    }

    private static float[] run(OrtEnvironment env, OrtSession session, float[] input, int[] size) throws Exception {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input),
                new long[]{size[0], 3, size[1], size[2]});
             OrtSession.Result result = session.run(Map.of(GeneratorContract.INPUT, tensor))) {
            FloatBuffer buffer = ((OnnxTensor) result.get(GeneratorContract.OUTPUT).orElseThrow()).getFloatBuffer();
            float[] out = new float[buffer.remaining()];
            buffer.get(out);
            return out;
        }
    }
}
