package io.atelier.inference.bench;

import io.atelier.generator.GeneratorSpec;

/**
 * Floating-point operations of one generator pass, counted by walking the architecture's own
 * description with shapes instead of tensors: 2 per multiply-add of every convolution (the
 * normalisations, activations and resizes are a few percent and left out).
 */
final class Flops {

    private Flops() {
    }

    static double perImage(GeneratorSpec spec, int height, int width) {
        double[] total = new double[1];
        spec.forward(new int[]{3, height, width}, new GeneratorSpec.Ops<>() {
            @Override
            public int[] conv(int[] x, GeneratorSpec.Conv conv) {
                int[] out = {conv.out(), x[1] / conv.stride(), x[2] / conv.stride()};
                total[0] += 2.0 * conv.kernel() * conv.kernel() * conv.in() * conv.out() * out[1] * out[2];
                return out;
            }

            @Override
            public int[] norm(int[] x, GeneratorSpec.Conv conv) {
                return x;
            }

            @Override
            public int[] relu(int[] x, String name) {
                return x;
            }

            @Override
            public int[] add(int[] x, int[] y, String name) {
                return x;
            }

            @Override
            public int[] upsample(int[] x, String name) {
                return new int[]{x[0], 2 * x[1], 2 * x[2]};
            }

            @Override
            public int[] tanh(int[] x) {
                return x;
            }
        });
        return total[0];
    }
}
