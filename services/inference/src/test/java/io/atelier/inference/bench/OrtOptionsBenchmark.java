package io.atelier.inference.bench;

import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.atelier.common.image.Images;
import io.atelier.generator.GeneratorOnnx;
import io.atelier.generator.GeneratorSpec;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The benchmark's generator in a plain ONNX Runtime loop under each session option that matters for a
 * conv net on a CPU, side by side in one run: alone, and beside one busy Java thread (what the worker's
 * I/O pool is to ONNX Runtime on a small machine). Then the model's FLOPs per image against the rate the
 * machine reaches on the same kind of work. Prints Markdown.
 *
 * <pre>./atelier bench ort</pre>
 */
public final class OrtOptionsBenchmark {

    record Variant(String name, InferenceBenchmark.Tuning tuning) {
    }

    static final List<Variant> VARIANTS = List.of(
            new Variant("all optimisations, ORT's thread count (the worker's default)", options -> { }),
            new Variant("intra-op spinning off", options -> options.addConfigEntry(
                    "session.intra_op.allow_spinning", "0")),
            new Variant("1 intra-op thread", options -> options.setIntraOpNumThreads(1)),
            new Variant("extended optimisations (no NCHWc layout)", options -> options.setOptimizationLevel(
                    OptLevel.EXTENDED_OPT)),
            new Variant("basic optimisations", options -> options.setOptimizationLevel(OptLevel.BASIC_OPT)),
            new Variant("memory pattern off", options -> options.setMemoryPatternOptimization(false)),
            new Variant("CPU arena off", options -> options.setCPUArenaAllocator(false)));

    static final int[][] SIZES = {{256, 24}, {512, 8}};
    static final int ROUNDS = 3;

    private OrtOptionsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        GeneratorSpec spec = InferenceBenchmark.SPEC;
        byte[] model = GeneratorOnnx.build(spec, GeneratorOnnx.randomParameters(spec, 42), Map.of());
        System.out.printf(Locale.ROOT, "%nGenerator %s, %d CPU cores; images/s, one run per image%n%n", spec,
                Runtime.getRuntime().availableProcessors());
        System.out.println("| session options | 256 px alone | 256 px beside a busy thread | 512 px alone "
                + "| 512 px beside a busy thread |");
        System.out.println("|---|---|---|---|---|");
        // rounds interleave the variants, so a slow minute of the machine does not land on one of them
        double[][][] rates = new double[VARIANTS.size()][2 * SIZES.length][ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            for (int v = 0; v < VARIANTS.size(); v++) {
                InferenceBenchmark.Tuning tuning = VARIANTS.get(v).tuning();
                for (int i = 0; i < SIZES.length; i++) {
                    int[] size = SIZES[i];
                    rates[v][2 * i][round] = InferenceBenchmark.plainLoop(model, size[0], size[1], tuning);
                    rates[v][2 * i + 1][round] = besideABusyThread(
                            () -> InferenceBenchmark.plainLoop(model, size[0], size[1], tuning));
                }
            }
        }
        for (int v = 0; v < VARIANTS.size(); v++) {
            StringBuilder row = new StringBuilder("| " + VARIANTS.get(v).name() + " |");
            for (double[] cell : rates[v]) {
                row.append(String.format(Locale.ROOT, " %.2f |", median(cell)));
            }
            System.out.println(row);
        }
        System.out.println();
        System.out.println("Medians of " + ROUNDS + " interleaved rounds.");
        System.out.println();
        System.out.println("| image | GFLOP per image | default rate (images/s) | model GFLOP/s | a lone 3x3 conv "
                + "at 64 channels, GFLOP/s | share of it |");
        System.out.println("|---|---|---|---|---|---|");
        double limit = ConvRoofline.measure();
        for (int[] size : SIZES) {
            double flops = Flops.perImage(spec, size[0], size[0]);
            double rate = InferenceBenchmark.plainLoop(model, size[0], size[1], options -> { });
            System.out.printf(Locale.ROOT, "| %d x %d | %.2f | %.2f | %.1f | %.1f | %.0f %% |%n", size[0], size[0],
                    flops / 1e9, rate, flops * rate / 1e9, limit / 1e9, 100 * flops * rate / limit);
        }
        System.exit(0);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The measurement, with another thread encoding PNGs all the while. */
    private static double besideABusyThread(java.util.concurrent.Callable<Double> measurement) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(7);
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        Thread busy = new Thread(() -> {
            while (!stop.get()) {
                Images.png(image);
            }
        }, "busy");
        busy.start();
        try {
            return measurement.call();
        } finally {
            stop.set(true);
            busy.join();
        }
    }
}
