package io.atelier.inference.bench;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.atelier.generator.GeneratorOnnx;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;

/**
 * What this machine's ONNX Runtime reaches on the generator's bread and butter: one 3x3 convolution,
 * 64 to 64 channels at 128 x 128, the shape of the generator's widest layers. The best of a few
 * timed runs, in FLOP/s; the practical limit the model's own rate is compared with.
 */
final class ConvRoofline {

    private static final int CHANNELS = 64;
    private static final int SIDE = 128;
    private static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT.getNumber();

    private ConvRoofline() {
    }

    static double measure() throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] input = new float[CHANNELS * SIDE * SIDE];
        Random random = new Random(3);
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextFloat() - 0.5f;
        }
        double flops = 2.0 * 3 * 3 * CHANNELS * CHANNELS * SIDE * SIDE;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(model(), options)) {
                double best = 0;
                for (int i = 0; i < 12; i++) {
                    try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input),
                            new long[]{1, CHANNELS, SIDE, SIDE})) {
                        long start = System.nanoTime();
                        try (OrtSession.Result ignored = session.run(Map.of("x", x))) {
                            best = Math.max(best, flops / ((System.nanoTime() - start) / 1e9));
                        }
                    }
                }
                return best;
            }
        }
    }

    private static byte[] model() {
        OnnxMl.TensorProto.Builder weight = OnnxMl.TensorProto.newBuilder().setName("w").setDataType(FLOAT)
                .addDims(CHANNELS).addDims(CHANNELS).addDims(3).addDims(3);
        Random random = new Random(5);
        for (int i = 0; i < CHANNELS * CHANNELS * 9; i++) {
            weight.addFloatData((float) random.nextGaussian() * 0.05f);
        }
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName("conv")
                .addInput(value("x")).addOutput(value("y")).addInitializer(weight)
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Conv").setName("conv").addInput("x").addInput("w")
                        .addOutput("y")
                        .addAttribute(GeneratorOnnx.intsAttribute("kernel_shape", 3, 3))
                        .addAttribute(GeneratorOnnx.intsAttribute("pads", 1, 1, 1, 1)))
                .build();
        return OnnxMl.ModelProto.newBuilder().setIrVersion(8).setGraph(graph)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .build().toByteArray();
    }

    private static OnnxMl.ValueInfoProto value(String name) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (long dim : new long[]{1, CHANNELS, SIDE, SIDE}) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(FLOAT).setShape(shape))).build();
    }
}
