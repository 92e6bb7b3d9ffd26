package io.atelier.generator;

import ai.onnx.proto.OnnxMl;
import io.atelier.schemas.models.GeneratorContract;

import java.util.Map;

/**
 * Builds the ONNX graph (opset {@value GeneratorContract#OPSET}) of a {@link GeneratorSpec} from its
 * parameters, with the names, layout and dynamic sizes of {@link GeneratorContract}. Pure Java: no
 * Python and no framework export.
 */
public final class GeneratorOnnx {

    private static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT.getNumber();

    private GeneratorOnnx() {
    }

    /**
     * @param spec       the architecture
     * @param parameters every parameter of {@link GeneratorSpec#parameterShapes()}, row-major
     * @param metadata   model metadata (style, version, training configuration, metrics)
     * @return the serialised {@code ModelProto}
     */
    public static byte[] build(GeneratorSpec spec, Map<String, float[]> parameters, Map<String, String> metadata) {
        OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("atelier-generator")
                .addInput(nchw(GeneratorContract.INPUT))
                .addOutput(nchw(GeneratorContract.OUTPUT));
        spec.parameterShapes().forEach((name, shape) -> graph.addInitializer(tensor(name, shape,
                require(parameters, name, shape))));
        graph.addInitializer(tensor("upsample.scales", new long[]{4}, new float[]{1, 1, 2, 2}));
        spec.convolutions().stream().mapToInt(GeneratorSpec.Conv::padding).filter(p -> p > 0).distinct()
                .forEach(p -> graph.addInitializer(pads(p)));

        spec.forward(GeneratorContract.INPUT, new Graph(graph));

        OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("atelier-trainer")
                .setDocString("Atelier generator: input/output float32 NCHW RGB in [-1, 1], sides multiples of "
                        + GeneratorContract.SIZE_MULTIPLE)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("")
                        .setVersion(GeneratorContract.OPSET))
                .setGraph(graph);
        metadata.forEach((key, value) -> model.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder()
                .setKey(key).setValue(value)));
        return model.build().toByteArray();
    }

    /** Untrained parameters, for benchmarks and tests that need a real-sized model. */
    public static Map<String, float[]> randomParameters(GeneratorSpec spec, long seed) {
        return Initialisation.heNormal(spec.parameterShapes(), seed);
    }

    /** The architecture's operations as nodes of a graph, each value named after the node that makes it. */
    private record Graph(OnnxMl.GraphProto.Builder graph) implements GeneratorSpec.Ops<String> {

        /**
         * A Pad (mode reflect; none for a 1x1 kernel) and a Conv without padding of its own: ONNX's Conv only
         * pads with zeros.
         */
        @Override
        public String conv(String input, GeneratorSpec.Conv conv) {
            String padded = conv.padding() == 0 ? input : conv.name() + ".pad";
            if (conv.padding() > 0) {
                graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Pad").setName(padded)
                        .addInput(input).addInput(padsName(conv.padding())).addOutput(padded)
                        .addAttribute(stringAttribute("mode", "reflect")));
            }
            String output = conv.name() + ".conv";
            graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Conv").setName(output)
                    .addInput(padded).addInput(conv.name() + ".weight").addInput(conv.name() + ".bias")
                    .addOutput(output)
                    .addAttribute(intsAttribute("kernel_shape", conv.kernel(), conv.kernel()))
                    .addAttribute(intsAttribute("strides", conv.stride(), conv.stride()))
                    .addAttribute(intsAttribute("pads", 0, 0, 0, 0)));
            return output;
        }

        @Override
        public String norm(String input, GeneratorSpec.Conv conv) {
            String output = conv.name() + ".norm";
            graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("InstanceNormalization").setName(output)
                    .addInput(input).addInput(conv.name() + ".gamma").addInput(conv.name() + ".beta")
                    .addOutput(output)
                    .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("epsilon")
                            .setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(GeneratorSpec.EPSILON)));
            return output;
        }

        @Override
        public String relu(String input, String name) {
            return node("Relu", name + ".relu", input);
        }

        @Override
        public String add(String x, String y, String name) {
            return node("Add", name + ".add", x, y);
        }

        /** Resize's nearest mode with floor and asymmetric coordinates: each pixel repeated, as in training. */
        @Override
        public String upsample(String input, String name) {
            String output = name + ".resize";
            graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Resize").setName(output)
                    .addInput(input).addInput("").addInput("upsample.scales").addOutput(output)
                    .addAttribute(stringAttribute("mode", "nearest"))
                    .addAttribute(stringAttribute("coordinate_transformation_mode", "asymmetric"))
                    .addAttribute(stringAttribute("nearest_mode", "floor")));
            return output;
        }

        /** The last node: its output is the contract's output. */
        @Override
        public String tanh(String input) {
            graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Tanh").setName("tanh").addInput(input)
                    .addOutput(GeneratorContract.OUTPUT));
            return GeneratorContract.OUTPUT;
        }

        private String node(String op, String output, String... inputs) {
            OnnxMl.NodeProto.Builder node = OnnxMl.NodeProto.newBuilder().setOpType(op).setName(output)
                    .addOutput(output);
            for (String input : inputs) {
                node.addInput(input);
            }
            graph.addNode(node);
            return output;
        }
    }

    /** Pad's second input: {@code p} before and after height and width of NCHW, nothing on N and C. */
    private static OnnxMl.TensorProto pads(int p) {
        OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder().setName(padsName(p))
                .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber()).addDims(8);
        for (long v : new long[]{0, 0, p, p, 0, 0, p, p}) {
            tensor.addInt64Data(v);
        }
        return tensor.build();
    }

    private static String padsName(int p) {
        return "reflect.pads" + p;
    }

    private static float[] require(Map<String, float[]> parameters, String name, long[] shape) {
        float[] values = parameters.get(name);
        if (values == null || values.length != count(shape)) {
            throw new IllegalArgumentException("parameter " + name + " needs " + count(shape) + " values, has "
                    + (values == null ? "none" : values.length));
        }
        return values;
    }

    private static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /**
     * A one-node model from the contract's input to its output, for example {@code Identity} (the photo
     * unchanged) or {@code Neg} (its negative): references whose quality statistics are known, for tests
     * of the evaluation and the quality gate.
     */
    public static byte[] elementwise(String opType) {
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder().setName(opType.toLowerCase(java.util.Locale.ROOT))
                .addInput(nchw(GeneratorContract.INPUT)).addOutput(nchw(GeneratorContract.OUTPUT))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType(opType).setName(opType)
                        .addInput(GeneratorContract.INPUT).addOutput(GeneratorContract.OUTPUT))
                .build();
        return OnnxMl.ModelProto.newBuilder().setIrVersion(8).setProducerName("atelier")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(GeneratorContract.OPSET))
                .setGraph(graph).build().toByteArray();
    }

    /** A float initializer. */
    public static OnnxMl.TensorProto tensor(String name, long[] shape, float[] values) {
        OnnxMl.TensorProto.Builder tensor = OnnxMl.TensorProto.newBuilder().setName(name).setDataType(FLOAT);
        for (long d : shape) {
            tensor.addDims(d);
        }
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(values.length * 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return tensor.setRawData(com.google.protobuf.ByteString.copyFrom(bytes)).build();
    }

    /** A float NCHW value with the contract's dynamic batch, height and width. */
    public static OnnxMl.ValueInfoProto nchw(String name) {
        OnnxMl.TensorShapeProto shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(GeneratorContract.CHANNELS))
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("height"))
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("width"))
                .build();
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(FLOAT).setShape(shape)))
                .build();
    }

    /** An integer-list node attribute ({@code kernel_shape}, {@code pads}, ...). */
    public static OnnxMl.AttributeProto intsAttribute(String name, long... values) {
        OnnxMl.AttributeProto.Builder attribute = OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long value : values) {
            attribute.addInts(value);
        }
        return attribute.build();
    }

    private static OnnxMl.AttributeProto stringAttribute(String name, String value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(value)).build();
    }
}
