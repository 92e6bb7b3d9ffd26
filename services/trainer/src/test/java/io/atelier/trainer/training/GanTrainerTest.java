package io.atelier.trainer.training;

import ai.djl.ndarray.NDManager;
import io.atelier.trainer.Samples;
import io.atelier.trainer.TrainingPlan;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Training on real photos and paintings (the repository's samples): the tiny profile, and briefly the larger ones. */
class GanTrainerTest {

    @Test
    void lossesAreFiniteAndMove() {
        TrainingPlan plan = TrainingPlan.tiny();
        List<StepLosses> losses = train(plan, 4, trainer -> {
            assertThat(trainer.step()).isEqualTo(plan.steps());
            noStepDropped(trainer);
        });
        assertThat(losses).allMatch(StepLosses::finite);
        assertThat(losses.get(0).generator()).isNotEqualTo(losses.get(losses.size() - 1).generator());
        assertThat(losses.get(0).discriminator()).isNotEqualTo(losses.get(losses.size() - 1).discriminator());
        assertThat(losses.get(0).texture()).isPositive();
    }

    /**
     * The GPU profile's network (generator 32 x 9, discriminator 64, image pool) and losses, which the
     * demo never trains: finite and moving over a few steps, on crops small enough for a test (64 px
     * instead of 256). Not a substitute for its full run (BENCHMARKS.md).
     */
    @Test
    void theGpuProfileTrainsWithFiniteMovingLosses() {
        TrainingPlan plan = TrainingPlan.standard().toBuilder().steps(6).cropSize(64).batchSize(2).build();
        assertThat(plan.generatorWidth()).isEqualTo(32);
        List<StepLosses> losses = train(plan, 3, GanTrainerTest::noStepDropped);
        assertThat(losses).allMatch(StepLosses::finite);
        assertThat(losses.get(0).generator()).isNotEqualTo(losses.get(losses.size() - 1).generator());
        assertThat(losses.get(0).discriminator()).isNotEqualTo(losses.get(losses.size() - 1).discriminator());
        assertThat(losses.get(0).content()).isPositive();
    }

    /**
     * The luminance content term, the colour term and the edge term train: finite and moving
     * ({@link SlicedWassersteinTest} and {@link EdgeDistanceTest} check their gradients, which a loss
     * changing from step to step cannot show).
     */
    @Test
    void lumaContentColourDistributionAndEdgesTrain() {
        TrainingPlan plan = TrainingPlan.tiny().toBuilder().steps(6).alpha(0.3).lumaContent(true).colourWeight(10)
                .edgeWeight(50).edgePool(2).poolSize(0).seed(5).build();
        List<StepLosses> losses = train(plan, 3, GanTrainerTest::noStepDropped);
        assertThat(losses).allMatch(StepLosses::finite);
        assertThat(losses.get(0).colour()).isPositive();
        assertThat(losses.get(0).colour()).isNotEqualTo(losses.get(losses.size() - 1).colour());
        assertThat(losses.get(0).content()).isPositive();
        assertThat(losses.get(0).edge()).isPositive();
        assertThat(losses.get(0).edge()).isNotEqualTo(losses.get(losses.size() - 1).edge());
    }

    @Test
    void aRunResumedFromACheckpointContinuesExactlyWhereItStopped() {
        TrainingPlan plan = TrainingPlan.tiny().toBuilder().steps(6).poolSize(0).seed(7).build();
        CropSampler content = new CropSampler(Samples.images(Samples.CONTENT, 3), plan.cropSize(), plan.seed());
        CropSampler style = new CropSampler(Samples.images(Samples.STYLES, 1), plan.cropSize(), plan.seed() + 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            StepLosses uninterrupted;
            Checkpoint halfway;
            float[] averageAfterFour;
            try (GanTrainer trainer = new GanTrainer(plan, manager)) {
                for (int i = 0; i < 3; i++) {
                    trainer.train(content.batch(i, 0, 2), style.batch(i, 1, 2));
                }
                halfway = trainer.checkpoint();
                uninterrupted = trainer.train(content.batch(3, 0, 2), style.batch(3, 1, 2));
                averageAfterFour = concat(trainer.averagedWeights());
            }
            try (GanTrainer resumed = new GanTrainer(plan, manager)) {
                resumed.restore(halfway);
                assertThat(resumed.step()).isEqualTo(3);
                StepLosses next = resumed.train(content.batch(resumed.step(), 0, 2), style.batch(resumed.step(), 1, 2));
                assertThat(next.generator()).isCloseTo(uninterrupted.generator(), org.assertj.core.data.Offset.offset(1e-5));
                assertThat(next.discriminator()).isCloseTo(uninterrupted.discriminator(),
                        org.assertj.core.data.Offset.offset(1e-5));
                assertThat(resumed.step()).isEqualTo(4);
                assertThat(concat(resumed.averagedWeights())).containsExactly(averageAfterFour, within(1e-5f));
            }
        }
    }

    @Test
    void theAveragedGeneratorIsTheRunningMeanOfTheTrainedWeightsAndStylisesTheSamples() {
        TrainingPlan plan = TrainingPlan.tiny().toBuilder().steps(5).poolSize(0).seed(9).build();
        CropSampler content = new CropSampler(Samples.images(Samples.CONTENT, 2), plan.cropSize(), plan.seed());
        CropSampler style = new CropSampler(Samples.images(Samples.STYLES, 1), plan.cropSize(), plan.seed() + 1);
        try (NDManager manager = NDManager.newBaseManager(); GanTrainer trainer = new GanTrainer(plan, manager)) {
            float[] expected = concat(trainer.generator().parameters().values());
            for (long step = 0; step < plan.steps(); step++) {
                trainer.train(content.batch(step, 0, 2), style.batch(step, 1, 2));
                float[] trained = concat(trainer.generator().parameters().values());
                double keep = Math.min(GanTrainer.AVERAGE_DECAY, (1.0 + step) / (10.0 + step));
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = (float) (keep * expected[i] + (1 - keep) * trained[i]);
                }
            }
            noStepDropped(trainer);
            float[] last = concat(trainer.generator().parameters().values());

            assertThat(concat(trainer.averagedWeights())).containsExactly(expected, within(1e-5f))
                    .isNotEqualTo(last);

            float[] photo = content.batch(0, 0, 1);
            float[] styled = trainer.stylise(photo, 1, plan.cropSize(), plan.cropSize());
            Checkpoint saved = trainer.checkpoint();
            try (GanTrainer withTrainedWeights = new GanTrainer(plan, manager)) {
                withTrainedWeights.restore(new Checkpoint(plan.steps(), saved.generator(), saved.discriminator(),
                        saved.generatorOptimizer(), saved.discriminatorOptimizer(), null));
                // a checkpoint from before the average starts it at its generator
                assertThat(concat(withTrainedWeights.averagedWeights())).containsExactly(last);
                assertThat(withTrainedWeights.stylise(photo, 1, plan.cropSize(), plan.cropSize()))
                        .isNotEqualTo(styled);
            }
        }
    }

    /** The trainer service then starts the run over instead of failing it (a checkpoint of an older version). */
    @Test
    void aCheckpointOfOtherNetworksIsRefusedAndChangesNothing() {
        TrainingPlan plan = TrainingPlan.tiny().toBuilder().steps(4).poolSize(0).seed(7).build();
        TrainingPlan widerDiscriminator = plan.toBuilder().discriminatorWidth(16).seed(8).build();
        CropSampler content = new CropSampler(Samples.images(Samples.CONTENT, 2), plan.cropSize(), plan.seed());
        CropSampler style = new CropSampler(Samples.images(Samples.STYLES, 1), plan.cropSize(), plan.seed() + 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            Checkpoint other;
            try (GanTrainer trainer = new GanTrainer(widerDiscriminator, manager)) {
                trainer.train(content.batch(0, 0, 2), style.batch(0, 1, 2));
                other = trainer.checkpoint();
            }
            try (GanTrainer trainer = new GanTrainer(plan, manager)) {
                float[] generator = concat(trainer.generator().parameters().values());

                assertThatThrownBy(() -> trainer.restore(other)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("missing or mis-shaped");

                assertThat(trainer.step()).isZero();
                assertThat(concat(trainer.generator().parameters().values())).containsExactly(generator);
            }
        }
    }

    @Test
    void theSameSeedTrainsTheSameGeneratorAndAnotherSeedADifferentOne() {
        TrainingPlan plan = TrainingPlan.tiny().toBuilder().steps(4).poolSize(2).seed(11).build();
        TrainingPlan reseeded = plan.toBuilder().seed(12).build();

        float[] first = trainedGenerator(plan);

        // bit-identical on idle cores; PyTorch's CPU kernels are not bit-reproducible under load (60 runs
        // of this plan beside two busy loops: up to 1.7e-3 from the first; beside a .ci/run on an AMD
        // EPYC some weights more than 1e-2)
        assertThat(trainedGenerator(plan)).containsExactly(first, within(5e-2f));
        assertThat(trainedGenerator(reseeded)).isNotEqualTo(first);
    }

    /**
     * Runs train on pool threads, not on the thread that loaded the engine, and with
     * {@code concurrent-runs} above one several at once, without touching each other's state.
     */
    @Test
    void twoRunsTrainAtOnceOnThreadsOtherThanTheEngines() throws Exception {
        TrainingPlan plan = TrainingPlan.tiny().toBuilder().steps(4).poolSize(2).seed(11).build();
        float[] alone = trainedGenerator(plan);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<float[]>> runs = threads.invokeAll(List.of(() -> trainedGenerator(plan),
                    () -> trainedGenerator(plan)));
            for (Future<float[]> run : runs) {
                // bit-identical to the run alone on idle cores (3 x 2 runs, 2026-12-03); under load they
                // drift as any run does (above): what this checks is that concurrent runs train, not
                // their last bits.
                assertThat(run.get()).containsExactly(alone, within(5e-2f));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * No update dropped. PyTorch's CPU convolution now and then gives a non-finite gradient from finite
     * inputs (in 3 of 4 {@code .ci/run}s on an AMD EPYC, one step in this class): the trainer runs such a
     * pass again ({@link AdamOptimizer#step(io.atelier.trainer.model.Parameters, double, Runnable)}), printed here
     * so that CI logs show where it struck; a step is dropped only if the second pass fails too.
     */
    private static void noStepDropped(GanTrainer trainer) {
        if (trainer.recomputedPasses() > 0) {
            System.out.println("GanTrainerTest: " + trainer.recomputedPasses() + " pass(es) recomputed, last "
                    + trainer.lastRecomputation());
        }
        assertThat(trainer.skippedGeneratorSteps() + trainer.skippedDiscriminatorSteps()).as(trainer.lastSkip())
                .isZero();
    }

    /** The generator's weights after training the plan on real photos, on the calling thread. */
    private static float[] trainedGenerator(TrainingPlan plan) {
        CropSampler content = new CropSampler(Samples.images(Samples.CONTENT, 2), plan.cropSize(), plan.seed());
        CropSampler style = new CropSampler(Samples.images(Samples.STYLES, 1), plan.cropSize(), plan.seed() + 1);
        try (NDManager manager = NDManager.newBaseManager(); GanTrainer trainer = new GanTrainer(plan, manager)) {
            while (trainer.step() < plan.steps()) {
                long step = trainer.step();
                assertThat(trainer.train(content.batch(step, 0, 2), style.batch(step, 1, 2)).finite()).isTrue();
            }
            noStepDropped(trainer);
            return concat(trainer.generator().parameters().values());
        }
    }

    private static float[] concat(Map<String, float[]> weights) {
        float[] all = new float[weights.values().stream().mapToInt(w -> w.length).sum()];
        int at = 0;
        for (float[] w : weights.values()) {
            System.arraycopy(w, 0, all, at, w.length);
            at += w.length;
        }
        return all;
    }

    /**
     * Trains {@code plan} for its steps on {@code photos} sample photos and the first painting;
     * {@code after} checks the trainer before it is closed.
     */
    private static List<StepLosses> train(TrainingPlan plan, int photos, Consumer<GanTrainer> after) {
        CropSampler content = new CropSampler(Samples.images(Samples.CONTENT, photos), plan.cropSize(), plan.seed());
        CropSampler style = new CropSampler(Samples.images(Samples.STYLES, 1), plan.cropSize(), plan.seed() + 1);
        List<StepLosses> losses = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(); GanTrainer trainer = new GanTrainer(plan, manager)) {
            for (int i = 0; i < plan.steps(); i++) {
                losses.add(trainer.train(content.batch(i, 0, plan.batchSize()), style.batch(i, 1, plan.batchSize())));
            }
            after.accept(trainer);
        }
        return losses;
    }
}
