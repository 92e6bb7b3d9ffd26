package io.atelier.inference.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.atelier.schemas.models.GeneratorContract;

import java.nio.FloatBuffer;
import java.util.Map;

/**
 * One generator version with its open ONNX Runtime session. Closed only by {@link GeneratorSessions},
 * which owns it.
 *
 * @param style   style name
 * @param version model version
 * @param session the open session
 */
public record LoadedGenerator(String style, String version, OrtSession session) {

    /** Runs a batch of images ({@code batch} x 3 x height x width, NCHW) and returns the output data. */
    public float[] run(OrtEnvironment env, float[] input, int batch, int height, int width) throws OrtException {
        long[] shape = {batch, GeneratorContract.CHANNELS, height, width};
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
             OrtSession.Result result = session.run(Map.of(GeneratorContract.INPUT, tensor))) {
            OnnxTensor output = (OnnxTensor) result.get(GeneratorContract.OUTPUT)
                    .orElseThrow(() -> new OrtException("the model returned no '" + GeneratorContract.OUTPUT + "'"));
            FloatBuffer buffer = output.getFloatBuffer();
            float[] data = new float[buffer.remaining()];
            buffer.get(data);
            if (data.length != input.length) {
                throw new OrtException("the model returned " + data.length + " values for " + input.length
                        + " input values; a generator must keep the shape");
            }
            return data;
        }
    }
}
