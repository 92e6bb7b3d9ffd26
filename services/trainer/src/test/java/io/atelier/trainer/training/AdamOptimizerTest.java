package io.atelier.trainer.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.atelier.trainer.model.Parameters;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AdamOptimizerTest {

    @Test
    void aSkippedNonFiniteStepDoesNotPoisonTheNextOnes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameters parameters = Parameters.of(manager, Map.of("w", new long[]{3}),
                    Map.of("w", new float[]{1, 2, 3}));
            NDArray w = parameters.get("w");
            AdamOptimizer optimizer = new AdamOptimizer(manager, parameters, 0.5, 0.999);

            backward(w, Float.NaN);
            assertThat(optimizer.step(parameters, 0.1)).isFalse();
            assertThat(w.toFloatArray()).containsExactly(1, 2, 3);
            assertThat(optimizer.notFinite()).containsExactly("w=NaN");

            backward(w, 1f);
            assertThat(optimizer.step(parameters, 0.1)).isTrue();
            float[] updated = w.toFloatArray();
            assertThat(updated[0]).isLessThan(1f).isGreaterThan(0.5f);
            assertThat(updated[2]).isLessThan(3f).isGreaterThan(2.5f);
            assertThat(w.getGradient().toFloatArray()).containsOnly(0f);
        }
    }

    /** A pass whose gradient comes out NaN is run once more; the update then uses the second pass's gradient. */
    @Test
    void aPassWithANonFiniteGradientIsRecomputedOnce() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameters parameters = Parameters.of(manager, Map.of("w", new long[]{2}), Map.of("w", new float[]{1, 1}));
            NDArray w = parameters.get("w");
            AdamOptimizer optimizer = new AdamOptimizer(manager, parameters, 0.5, 0.999);
            int[] passes = {0};

            backward(w, Float.NaN);
            assertThat(optimizer.step(parameters, 0.1, () -> {
                passes[0]++;
                backward(w, 1f);
            })).isTrue();
            assertThat(passes[0]).isEqualTo(1);
            assertThat(optimizer.recomputedPasses()).isEqualTo(1);
            assertThat(w.toFloatArray()[0]).isLessThan(1f).isGreaterThan(0.5f);

            backward(w, 1f);
            assertThat(optimizer.step(parameters, 0.1, () -> passes[0]++)).isTrue();
            assertThat(passes[0]).as("a finite pass is not run again").isEqualTo(1);

            float[] before = w.toFloatArray();
            backward(w, Float.NaN);
            assertThat(optimizer.step(parameters, 0.1, () -> backward(w, Float.POSITIVE_INFINITY))).isFalse();
            assertThat(optimizer.recomputedPasses()).isEqualTo(2);
            assertThat(optimizer.notFinite()).containsExactly("w=Infinity");
            assertThat(w.toFloatArray()).containsExactly(before);
        }
    }

    @Test
    void aParameterWithARateScaleMovesThatManyTimesFurther() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameters parameters = Parameters.of(manager, Map.of("a", new long[]{2}, "b", new long[]{2}),
                    Map.of("a", new float[]{1, 1}, "b", new float[]{1, 1}));
            AdamOptimizer optimizer = new AdamOptimizer(manager, parameters, 0.5, 0.999, Map.of("b", 10f));

            for (int step = 0; step < 3; step++) {
                backward(parameters.get("a"), 1f);
                backward(parameters.get("b"), 1f);
                assertThat(optimizer.step(parameters, 0.01)).isTrue();
            }
            float movedA = 1 - parameters.get("a").toFloatArray()[0];
            float movedB = 1 - parameters.get("b").toFloatArray()[0];
            assertThat(movedA).isGreaterThan(0f);
            assertThat(movedB / movedA).isCloseTo(10f, within(1e-3f));
        }
    }

    @Test
    void aRateScaleForAParameterThatIsNotThereIsRefused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameters parameters = Parameters.of(manager, Map.of("w", new long[]{1}), Map.of("w", new float[]{1}));
            assertThatThrownBy(() -> new AdamOptimizer(manager, parameters, 0.5, 0.999, Map.of("keep.weight", 10f)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keep.weight");
        }
    }

    private static void backward(NDArray w, float factor) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(w.mul(factor).sum());
        }
    }
}
