package io.atelier.generator;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.atelier.schemas.models.GeneratorContract;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Running a generator in ONNX Runtime under the {@link GeneratorContract}, written once for the
 * inference worker (every model it loads) and the registry (every model imported from elsewhere).
 */
public final class GeneratorRuntime {

    /** Side of the probe image: twice the smallest side every contract-keeping generator accepts. */
    public static final int PROBE_SIDE = 2 * GeneratorContract.MIN_SIDE;

    private GeneratorRuntime() {
    }

    /** Fails, naming what differs, unless the session has the contract's input and output. */
    public static void checkContract(OrtSession session) throws OrtException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        if (inputs.size() != 1 || !inputs.containsKey(GeneratorContract.INPUT)) {
            throw new OrtException("inputs are " + inputs.keySet() + "; the contract wants one named '"
                    + GeneratorContract.INPUT + "'");
        }
        if (!outputs.containsKey(GeneratorContract.OUTPUT)) {
            throw new OrtException("outputs are " + outputs.keySet() + "; the contract wants '"
                    + GeneratorContract.OUTPUT + "'");
        }
        if (!(inputs.get(GeneratorContract.INPUT).getInfo() instanceof TensorInfo input)
                || input.type != OnnxJavaType.FLOAT || input.getShape().length != 4) {
            throw new OrtException("input '" + GeneratorContract.INPUT + "' must be a float NCHW tensor, is "
                    + inputs.get(GeneratorContract.INPUT).getInfo());
        }
    }

    /**
     * A buffer of {@code values} floats that ONNX Runtime reads and writes in place: direct and in native
     * order. A heap buffer is copied into a new direct one on every call instead, and its output copied
     * out again, which is why callers that run many images keep buffers like this one and reuse them.
     */
    public static FloatBuffer tensorBuffer(int values) {
        return ByteBuffer.allocateDirect(values * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /**
     * Runs a batch of images ({@code batch} x 3 x height x width, NCHW) from the start of {@code input}
     * and writes the output values to the start of {@code output}; both from {@link #tensorBuffer}, of at
     * least that many values. Their positions and limits are left as they were.
     */
    public static void run(OrtEnvironment env, OrtSession session, FloatBuffer input, FloatBuffer output, int batch,
                           int height, int width) throws OrtException {
        long[] shape = {batch, GeneratorContract.CHANNELS, height, width};
        int values = batch * GeneratorContract.CHANNELS * height * width;
        try (OnnxTensor in = OnnxTensor.createTensor(env, input.slice(0, values), shape);
             OnnxTensor out = OnnxTensor.createTensor(env, output.slice(0, values), shape);
             OrtSession.Result ignored = session.run(Map.of(GeneratorContract.INPUT, in),
                     Map.of(GeneratorContract.OUTPUT, out))) {
            // the output is in place (ONNX Runtime refuses a model whose output shape differs); closing
            // the result leaves the pinned output to us
        }
    }

    /** The same run on arrays, for one-off runs: returns the output data. */
    public static float[] run(OrtEnvironment env, OrtSession session, float[] input, int batch, int height,
                              int width) throws OrtException {
        FloatBuffer in = tensorBuffer(input.length).put(input);
        FloatBuffer out = tensorBuffer(input.length);
        run(env, session, in, out, batch, height, width);
        float[] data = new float[input.length];
        out.get(0, data);
        return data;
    }

    /**
     * Runs a grey probe image of {@link #PROBE_SIDE} pixels twice, in a batch of two, and fails unless
     * every output value is finite and within the contract's range: a model that keeps the names but
     * not the shape, the batch or the range is found before it serves a job.
     */
    public static void probe(OrtEnvironment env, OrtSession session) throws OrtException {
        float[] input = new float[2 * GeneratorContract.CHANNELS * PROBE_SIDE * PROBE_SIDE];
        for (int i = 0; i < input.length; i++) {
            input[i] = (i % 7) / 7f - 0.5f;
        }
        for (float value : run(env, session, input, 2, PROBE_SIDE, PROBE_SIDE)) {
            if (!Float.isFinite(value) || value < -1.0001f || value > 1.0001f) {
                throw new OrtException("the probe's output has the value " + value
                        + "; the contract wants RGB in [-1, 1] (end with tanh)");
            }
        }
    }
}
