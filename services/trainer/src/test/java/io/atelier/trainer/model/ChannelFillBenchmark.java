package io.atelier.trainer.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link Layers#conv}'s filled-up output channels cost and what they prevent: forward and
 * backward passes of the layers that have fewer than {@value Layers#CHANNEL_BLOCK} output channels
 * (the generator's tail, the discriminator's output) at the shapes the profiles train, plain and
 * filled up in turn in one process, with how many passes gave a non-finite input gradient.
 *
 * <pre>
 * cd services/trainer && mvn -B -q exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.atelier.trainer.model.ChannelFillBenchmark
 * </pre>
 */
public final class ChannelFillBenchmark {

    private static final int ROUNDS = 6;

    private ChannelFillBenchmark() {
    }

    /** One layer: the input's shape, the filter's shape and the padding the network gives it. */
    private record Layer(String name, long[] input, long[] weight, int padding, int passes) {
    }

    public static void main(String[] args) {
        List<Layer> layers = List.of(
                new Layer("quick tail: 16 -> 3, 7x7, 96 px + reflection", new long[]{2, 16, 102, 102},
                        new long[]{3, 16, 7, 7}, 0, 10),
                new Layer("quick discriminator out: 128 -> 1, 4x4", new long[]{2, 128, 12, 12},
                        new long[]{1, 128, 4, 4}, 1, 40),
                new Layer("tiny tail: 4 -> 3, 7x7, 32 px + reflection", new long[]{2, 4, 38, 38},
                        new long[]{3, 4, 7, 7}, 0, 40),
                new Layer("standard tail: 32 -> 3, 7x7, 256 px + reflection", new long[]{4, 32, 262, 262},
                        new long[]{3, 32, 7, 7}, 0, 2));
        System.out.printf(Locale.ROOT, "%d CPU cores, %d rounds, plain and filled up in turn%n%n",
                Runtime.getRuntime().availableProcessors(), ROUNDS);
        System.out.println("| layer | plain ms | filled-up ms | filled / plain | NaN input gradients plain | filled up |");
        System.out.println("|---|---|---|---|---|---|");
        for (Layer layer : layers) {
            pass(layer, false);
            pass(layer, true);
            double[] plain = new double[ROUNDS];
            double[] filled = new double[ROUNDS];
            int[] notFinite = new int[2];
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < layer.passes(); i++) {
                    long start = System.nanoTime();
                    notFinite[0] += pass(layer, false) ? 0 : 1;
                    plain[round] += (System.nanoTime() - start) / 1e6 / layer.passes();
                    start = System.nanoTime();
                    notFinite[1] += pass(layer, true) ? 0 : 1;
                    filled[round] += (System.nanoTime() - start) / 1e6 / layer.passes();
                }
            }
            double p = median(plain);
            double f = median(filled);
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %d of %d | %d of %d |%n", layer.name(), p, f,
                    f / p, notFinite[0], ROUNDS * layer.passes(), notFinite[1], ROUNDS * layer.passes());
        }
    }

    /** One forward and backward pass; whether the input's gradient came out finite. */
    private static boolean pass(Layer layer, boolean filled) {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameters p = Parameters.initialise(manager, Map.of("l.weight", layer.weight(),
                    "l.bias", new long[]{layer.weight()[0]}), 1);
            NDArray x = manager.randomNormal(new Shape(layer.input()));
            x.setRequiresGradient(true);
            p.get("l.weight").setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = filled ? Layers.conv(x, p, "l", 1, layer.padding())
                        : Conv2d.conv2d(x, p.get("l.weight"), p.get("l.bias"), new Shape(1, 1),
                        new Shape(layer.padding(), layer.padding()), new Shape(1, 1), 1).singletonOrThrow();
                collector.backward(y.square().mean());
            }
            return Float.isFinite(x.getGradient().abs().sum().getFloat());
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return (sorted[(sorted.length - 1) / 2] + sorted[sorted.length / 2]) / 2;
    }
}
