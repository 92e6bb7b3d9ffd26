package io.atelier.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import io.atelier.generator.GeneratorSpec;
import io.atelier.generator.Initialisation;

import java.util.Arrays;
import java.util.Map;

/**
 * The generator of {@link GeneratorSpec} as DJL operations over its {@link Parameters}, so that the
 * trained values export one to one into {@code GeneratorOnnx}.
 */
public final class GeneratorNetwork {

    /** The 1x1 convolution of the input that carries the photo's tones past the first normalisation. */
    public static final String KEEP_WEIGHT = "keep.weight";

    private final GeneratorSpec spec;
    private final Parameters parameters;
    private final Ops ops = new Ops();

    public GeneratorNetwork(GeneratorSpec spec, Parameters parameters) {
        this.spec = spec;
        this.parameters = parameters;
    }

    /**
     * He-initialised, except the output layer, which starts ten times smaller: its tanh then starts in
     * its linear range instead of saturated, where gradients vanish and training can stall; and the
     * {@code keep} path from the input, which starts at zero: at full strength from the first step the
     * generator settled on returning the photo (style ratio 0.73 to 0.77, BENCHMARKS.md).
     */
    public static GeneratorNetwork initialise(NDManager manager, GeneratorSpec spec, long seed) {
        Map<String, float[]> values = Initialisation.heNormal(spec.parameterShapes(), seed);
        float[] tail = values.get("tail.weight");
        for (int i = 0; i < tail.length; i++) {
            tail[i] *= 0.1f;
        }
        Arrays.fill(values.get(KEEP_WEIGHT), 0f);
        return new GeneratorNetwork(spec, Parameters.of(manager, spec.parameterShapes(), values));
    }

    public GeneratorSpec spec() {
        return spec;
    }

    public Parameters parameters() {
        return parameters;
    }

    /** NCHW RGB in [-1, 1] in, the same out; sides must be multiples of 4 and at least 8. */
    public NDArray forward(NDArray x) {
        return spec.forward(x, ops);
    }

    private final class Ops implements GeneratorSpec.Ops<NDArray> {

        @Override
        public NDArray conv(NDArray x, GeneratorSpec.Conv conv) {
            return Layers.reflectConv(x, parameters, conv.name(), conv.stride(), conv.padding());
        }

        @Override
        public NDArray norm(NDArray x, GeneratorSpec.Conv conv) {
            return Layers.instanceNorm(x, parameters, conv.name(), GeneratorSpec.EPSILON);
        }

        @Override
        public NDArray relu(NDArray x, String name) {
            return Activation.relu(x);
        }

        @Override
        public NDArray add(NDArray x, NDArray y, String name) {
            return x.add(y);
        }

        @Override
        public NDArray upsample(NDArray x, String name) {
            return Layers.upsample2(x);
        }

        @Override
        public NDArray tanh(NDArray x) {
            return x.tanh();
        }
    }
}
