package io.atelier.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.atelier.generator.GeneratorSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PatchGAN discriminator: 4x4 convolutions, {@code width}, 2x, 4x and 8x channels (stride 2, 2, 2, 1),
 * then one output channel (stride 1), LeakyReLU 0.2, instance normalisation on all but the first and
 * last. Each output value judges one 70x70 patch of the input. {@link #features} exposes the hidden
 * activations for the texture (Gram) term.
 */
public final class DiscriminatorNetwork {

    private static final int[] STRIDES = {2, 2, 2, 1};

    private final int width;
    private final Parameters parameters;

    public DiscriminatorNetwork(int width, Parameters parameters) {
        this.width = width;
        this.parameters = parameters;
    }

    public static DiscriminatorNetwork initialise(NDManager manager, int width, long seed) {
        return new DiscriminatorNetwork(width, Parameters.initialise(manager, shapes(width), seed));
    }

    public static Map<String, long[]> shapes(int width) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        int in = 3;
        for (int i = 0; i < STRIDES.length; i++) {
            int out = width << i;
            shapes.put("d" + i + ".weight", new long[]{out, in, 4, 4});
            shapes.put("d" + i + ".bias", new long[]{out});
            if (i > 0) {
                shapes.put("d" + i + ".gamma", new long[]{out});
                shapes.put("d" + i + ".beta", new long[]{out});
            }
            in = out;
        }
        shapes.put("out.weight", new long[]{1, in, 4, 4});
        shapes.put("out.bias", new long[]{1});
        return shapes;
    }

    public int width() {
        return width;
    }

    public Parameters parameters() {
        return parameters;
    }

    /** Per-patch scores (no sigmoid: least-squares GAN). */
    public NDArray forward(NDArray x) {
        NDList features = features(x);
        return Layers.conv(features.get(features.size() - 1), parameters, "out", 1, 1);
    }

    /** The hidden activations, shallow to deep. */
    public NDList features(NDArray x) {
        NDList features = new NDList();
        for (int i = 0; i < STRIDES.length; i++) {
            String name = "d" + i;
            x = Layers.conv(x, parameters, name, STRIDES[i], 1);
            if (i > 0) {
                x = Layers.instanceNorm(x, parameters, name, GeneratorSpec.EPSILON);
            }
            x = Layers.leakyRelu(x, 0.2f);
            features.add(x);
        }
        return features;
    }
}
