package io.atelier.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import io.atelier.generator.GeneratorSpec;

/**
 * The generator of {@link GeneratorSpec} as DJL operations over its {@link Parameters}, so that the
 * trained values export one to one into {@code GeneratorOnnx}.
 */
public final class GeneratorNetwork {

    private final GeneratorSpec spec;
    private final Parameters parameters;

    public GeneratorNetwork(GeneratorSpec spec, Parameters parameters) {
        this.spec = spec;
        this.parameters = parameters;
    }

    /**
     * He-initialised, except the output layer, which starts ten times smaller: its tanh then starts in
     * its linear range instead of saturated, where gradients vanish and training can stall.
     */
    public static GeneratorNetwork initialise(NDManager manager, GeneratorSpec spec, long seed) {
        Parameters parameters = Parameters.initialise(manager, spec.parameterShapes(), seed);
        NDArray tail = parameters.get("tail.weight");
        float[] values = tail.toFloatArray();
        for (int i = 0; i < values.length; i++) {
            values[i] *= 0.1f;
        }
        tail.set(values);
        return new GeneratorNetwork(spec, parameters);
    }

    public GeneratorSpec spec() {
        return spec;
    }

    public Parameters parameters() {
        return parameters;
    }

    /** NCHW RGB in [-1, 1] in, the same out; sides must be multiples of 4 and at least 8. */
    public NDArray forward(NDArray x) {
        x = block(x, "head", 1);
        x = block(x, "down1", 2);
        x = block(x, "down2", 2);
        for (int i = 0; i < spec.residualBlocks(); i++) {
            NDArray y = block(x, "res" + i + ".a", 1);
            y = Layers.instanceNorm(Layers.reflectConv(y, parameters, "res" + i + ".b", 1, 1), parameters, "res" + i + ".b",
                    GeneratorSpec.EPSILON);
            x = x.add(y);
        }
        x = block(Layers.upsample2(x), "up1", 1);
        x = block(Layers.upsample2(x), "up2", 1);
        return Layers.reflectConv(x, parameters, "tail", 1, 3).tanh();
    }

    private NDArray block(NDArray x, String name, int stride) {
        int padding = "head".equals(name) ? 3 : 1;
        return Activation.relu(Layers.instanceNorm(Layers.reflectConv(x, parameters, name, stride, padding), parameters, name,
                GeneratorSpec.EPSILON));
    }
}
