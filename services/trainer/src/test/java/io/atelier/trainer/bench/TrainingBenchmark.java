package io.atelier.trainer.bench;

import ai.djl.ndarray.NDManager;
import io.atelier.trainer.Samples;
import io.atelier.trainer.TrainingPlan;
import io.atelier.trainer.training.CropSampler;
import io.atelier.trainer.training.GanTrainer;
import io.atelier.trainer.training.SampleTraining;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Training steps per second (one discriminator and one generator step each) of fixed configurations,
 * on the CPU or whatever device DJL picks, with the crops cut in advance so only training is timed.
 * Prints a Markdown table, with the passes run twice for a gradient that was not finite (counted over
 * the warm-up steps too).
 *
 * <pre>./atelier bench trainer</pre>
 */
public final class TrainingBenchmark {

    private TrainingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        SampleTraining.configureEngine();
        List<BufferedImage> content = Samples.images(args.length > 0 ? Path.of(args[0]) : Samples.CONTENT);
        List<BufferedImage> style = Samples.images(args.length > 1 ? Path.of(args[1]) : Samples.STYLES);
        List<String> rows = new ArrayList<>();
        for (TrainingPlan plan : List.of(TrainingPlan.tiny(), TrainingPlan.quick().toBuilder().steps(20).build())) {
            CropSampler contentCrops = new CropSampler(content, plan.cropSize(), plan.seed());
            CropSampler styleCrops = new CropSampler(style, plan.cropSize(), plan.seed() + 1);
            int warmUp = 3;
            int measured = plan.steps();
            List<float[][]> batches = new ArrayList<>();
            for (int i = 0; i < warmUp + measured; i++) {
                batches.add(new float[][]{contentCrops.batch(i, 0, plan.batchSize()),
                        styleCrops.batch(i, 1, plan.batchSize())});
            }
            try (NDManager manager = NDManager.newBaseManager(); GanTrainer trainer = new GanTrainer(plan, manager)) {
                for (int i = 0; i < warmUp; i++) {
                    trainer.train(batches.get(i)[0], batches.get(i)[1]);
                }
                long start = System.nanoTime();
                for (int i = warmUp; i < warmUp + measured; i++) {
                    trainer.train(batches.get(i)[0], batches.get(i)[1]);
                }
                double rate = measured / ((System.nanoTime() - start) / 1e9);
                rows.add(String.format(Locale.ROOT, "| %d px, batch %d, G %dx%d, D %d | %s | %d | %.2f | %d |",
                        plan.cropSize(), plan.batchSize(), plan.generatorWidth(), plan.residualBlocks(),
                        plan.discriminatorWidth(), manager.getDevice(), measured, rate, trainer.recomputedPasses()));
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%d CPU cores, %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"));
        System.out.println("| configuration | device | steps | steps/s | passes recomputed |");
        System.out.println("|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }
}
