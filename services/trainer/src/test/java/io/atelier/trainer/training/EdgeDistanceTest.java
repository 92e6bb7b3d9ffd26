package io.atelier.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EdgeDistanceTest {

    private static final Shape SHAPE = new Shape(2, 1, 8, 8);

    /** What the term is for: brightness is free to move, edges are not. */
    @Test
    void ignoresAUniformShiftButNotMovedEdges() {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(5);
            NDArray photo = manager.randomUniform(-1f, 1f, SHAPE);

            assertThat(EdgeDistance.between(photo.add(0.4f), photo, 1).getFloat()).isLessThan(1e-10f);
            assertThat(EdgeDistance.between(photo.transpose(0, 1, 3, 2), photo, 1).getFloat()).isGreaterThan(0.1f);
            assertThat(EdgeDistance.between(photo.mul(0.5f), photo, 1).getFloat()).as("contrast halved")
                    .isGreaterThan(0.1f);
        }
    }

    /**
     * Averaged over squares, the term sees the photo's layout and not strokes finer than a square: a
     * checkerboard of 2x2 period costs nothing at pool 2 and much at pool 1, a moved block costs at both.
     */
    @Test
    void averagedOverSquaresItLeavesFineStrokesFree() {
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(7);
            NDArray photo = manager.randomUniform(-1f, 1f, SHAPE);
            NDArray strokes = manager.arange(8f).reshape(1, 1, 1, 8).add(manager.arange(8f).reshape(1, 1, 8, 1))
                    .mod(2f).mul(0.6f).sub(0.3f);
            NDArray painted = photo.add(strokes);
            NDArray moved = photo.transpose(0, 1, 3, 2);

            assertThat(EdgeDistance.between(painted, photo, 2).getFloat()).isLessThan(1e-10f);
            assertThat(EdgeDistance.between(painted, photo, 1).getFloat()).isGreaterThan(0.1f);
            assertThat(EdgeDistance.between(moved, photo, 2).getFloat()).isGreaterThan(0.02f);
        }
    }

    /** Gradient descent on a flat image draws the photo's edges into it: the slicing and averaging pass gradients. */
    @Test
    void itsGradientDrawsThePhotosEdges() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Autograd.offOnThisThread();
            manager.getEngine().setRandomSeed(6);
            NDArray photo = manager.randomUniform(-1f, 1f, SHAPE);
            NDArray image = manager.zeros(SHAPE);
            float first = EdgeDistance.between(image, photo, 2).getFloat();
            for (int step = 0; step < 200; step++) {
                image.setRequiresGradient(true);
                NDArray current = image;
                Autograd.collect(collector -> {
                    collector.backward(EdgeDistance.between(current, photo, 2));
                    return null;
                });
                image = current.sub(current.getGradient().mul(SHAPE.size() / 16f));
            }

            assertThat(EdgeDistance.between(image, photo, 2).getFloat()).isLessThan(first / 100);
        }
    }
}
