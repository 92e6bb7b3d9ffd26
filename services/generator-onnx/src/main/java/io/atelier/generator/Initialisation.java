package io.atelier.generator;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Starting values of a network's parameters, drawn from a seed in one fixed order, so that the trainer
 * and anything that needs a real-sized untrained model get the same values for the same seed.
 */
public final class Initialisation {

    private Initialisation() {
    }

    /**
     * He-normal convolution weights (scaled for ReLU, so activations neither shrink nor grow layer by
     * layer), unit scales, and zeros for everything else.
     *
     * @param shapes parameter shapes by name, in the order to draw them; names ending in {@code .weight}
     *               are {@code [out, in, kh, kw]} kernels, {@code .gamma} normalisation scales
     * @return the values by name, row-major, in the order of {@code shapes}
     */
    public static Map<String, float[]> heNormal(Map<String, long[]> shapes, long seed) {
        Random random = new Random(seed);
        Map<String, float[]> parameters = new LinkedHashMap<>();
        shapes.forEach((name, shape) -> {
            float[] values = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact))];
            if (name.endsWith(".weight")) {
                double scale = Math.sqrt(2.0 / (shape[1] * shape[2] * shape[3]));
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (random.nextGaussian() * scale);
                }
            } else if (name.endsWith(".gamma")) {
                Arrays.fill(values, 1f);
            }
            parameters.put(name, values);
        });
        return parameters;
    }
}
