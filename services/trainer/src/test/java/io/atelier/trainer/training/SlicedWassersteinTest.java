package io.atelier.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SlicedWassersteinTest {

    private static final float[] RED = {0.8f, -0.6f, -0.6f};
    private static final float[] BLUE = {-0.6f, -0.4f, 0.8f};

    /**
     * Gradient descent on the pixels alone turns a grey image into the target's colours, in the target's
     * proportions: what the generator's colour term relies on. Fails if sorting cut the gradient.
     */
    @Test
    void itsGradientMovesEveryPixelOntoTheTargetDistribution() {
        int pixels = 2 * 8 * 8;
        float[] target = new float[3 * pixels];
        for (int i = 0; i < pixels; i++) {
            float[] colour = i % 4 == 0 ? RED : BLUE;
            for (int c = 0; c < 3; c++) {
                target[c * pixels + i] = colour[c];
            }
        }
        Random random = new Random(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            Autograd.offOnThisThread();
            NDArray image = manager.randomUniform(-0.1f, 0.1f, new Shape(2, 3, 8, 8));
            float first = distance(image, target, random);
            for (int step = 0; step < 60; step++) {
                image.setRequiresGradient(true);
                NDArray current = image;
                Autograd.collect(collector -> {
                    float[] directions = SlicedWasserstein.directions(random);
                    collector.backward(SlicedWasserstein.distance(current, directions, target));
                    return null;
                });
                image = current.sub(current.getGradient().mul(pixels / 2f));
            }

            assertThat(distance(image, target, random)).isLessThan(first / 100);
            float[] rgb = image.transpose(1, 0, 2, 3).reshape(3, pixels).toFloatArray();
            int red = 0;
            for (int i = 0; i < pixels; i++) {
                float[] pixel = {rgb[i], rgb[pixels + i], rgb[2 * pixels + i]};
                boolean isRed = near(pixel, RED);
                assertThat(isRed || near(pixel, BLUE)).as("pixel %d is red or blue", i).isTrue();
                red += isRed ? 1 : 0;
            }
            assertThat(red).as("a quarter of the pixels, as in the target").isEqualTo(pixels / 4);
        }
    }

    @Test
    void isZeroForTheTargetsPixelsInAnyOrderAndNotForOthers() {
        int pixels = 32;
        Random random = new Random(1);
        float[] target = new float[3 * pixels];
        for (int i = 0; i < target.length; i++) {
            target[i] = random.nextFloat() * 2 - 1;
        }
        float[] shuffled = new float[3 * pixels];
        for (int i = 0; i < pixels; i++) {
            int from = (i * 7 + 3) % pixels;
            for (int c = 0; c < 3; c++) {
                shuffled[c * pixels + i] = target[c * pixels + from];
            }
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray image = manager.create(shuffled, new Shape(3, 1, 4, 8)).transpose(1, 0, 2, 3);
            NDArray other = image.add(0.1f);

            assertThat(distance(image, target, random)).isLessThan(1e-10f);
            assertThat(distance(other, target, random)).isGreaterThan(1e-4f);
        }
    }

    private static float distance(NDArray image, float[] target, Random random) {
        return SlicedWasserstein.distance(image, SlicedWasserstein.directions(random), target).getFloat();
    }

    private static boolean near(float[] pixel, float[] colour) {
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            sum += (pixel[c] - colour[c]) * (pixel[c] - colour[c]);
        }
        return Math.sqrt(sum) < 0.05;
    }
}
