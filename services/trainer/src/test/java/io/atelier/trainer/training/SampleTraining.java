package io.atelier.trainer.training;

import ai.djl.ndarray.NDManager;
import io.atelier.generator.evaluation.StyleEvaluation;
import io.atelier.trainer.TrainingPlan;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * A plan trained in this process on photos and one painting, as the quality test, the loss-variant
 * benchmark and the gallery all do: the same crops and order as the trainer service for the same seed.
 */
public final class SampleTraining {

    /** What to do with the trained generator before its trainer is closed. */
    @FunctionalInterface
    public interface Use<T> {
        T with(GanTrainer trainer) throws Exception;
    }

    private SampleTraining() {
    }

    /**
     * Trains {@code plan} and hands the trainer to {@code use}.
     *
     * @param logEvery print the losses every this many steps (and at any non-finite one); 0 = never
     */
    public static <T> T train(TrainingPlan plan, List<BufferedImage> photos, BufferedImage painting, int logEvery,
                              Use<T> use) throws Exception {
        configureEngine();
        CropSampler content = new CropSampler(photos, plan.cropSize(), plan.seed());
        CropSampler style = new CropSampler(List.of(painting), plan.cropSize(), plan.seed() + 1);
        try (NDManager manager = NDManager.newBaseManager(); GanTrainer trainer = new GanTrainer(plan, manager)) {
            for (long step = 0; step < plan.steps(); step++) {
                StepLosses losses = trainer.train(content.batch(step, 0, plan.batchSize()),
                        style.batch(step, 1, plan.batchSize()));
                if (logEvery > 0 && (step % logEvery == 0 || !losses.finite())) {
                    System.out.printf(Locale.ROOT, "step %d: %s%n", step, losses.asMap());
                }
            }
            if (logEvery > 0) {
                System.out.printf(Locale.ROOT, "%d passes recomputed, %d generator and %d discriminator updates"
                                + " skipped%s%n", trainer.recomputedPasses(), trainer.skippedGeneratorSteps(),
                        trainer.skippedDiscriminatorSteps(), trainer.recomputedPasses() > 0
                                ? " (last recomputed: " + trainer.lastRecomputation() + ")" : "");
            }
            return use.with(trainer);
        }
    }

    /** The trainer's offline CPU engine settings, for a benchmark's main before it touches DJL. */
    public static void configureEngine() {
        DjlRuntime.configureOffline();
    }

    /** The DJL generator's outputs for square photos of {@code side} px, one at a time. */
    public static List<BufferedImage> stylise(GanTrainer trainer, List<BufferedImage> squares, int side) {
        return squares.stream().map(photo -> StyleEvaluation.fromModel(trainer.stylise(
                StyleEvaluation.toModel(List.of(photo), side), 1, side, side), 0, side)).toList();
    }

    /**
     * What {@link #stylise} gives with the last step's weights instead of their running average (the
     * generator every model publishes), to compare the two from one run.
     */
    public static List<BufferedImage> styliseWithLastWeights(TrainingPlan plan, GanTrainer trainer,
                                                             List<BufferedImage> squares, int side) {
        Checkpoint trained = trainer.checkpoint();
        try (NDManager manager = NDManager.newBaseManager(); GanTrainer last = new GanTrainer(plan, manager)) {
            // a checkpoint without an average starts it at the generator's weights
            last.restore(new Checkpoint(trained.step(), trained.generator(), trained.discriminator(),
                    trained.generatorOptimizer(), trained.discriminatorOptimizer(), null));
            return stylise(last, squares, side);
        }
    }
}
