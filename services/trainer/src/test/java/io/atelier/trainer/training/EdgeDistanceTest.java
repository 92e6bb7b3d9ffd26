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

            assertThat(EdgeDistance.between(photo.add(0.4f), photo).getFloat()).isLessThan(1e-10f);
            assertThat(EdgeDistance.between(photo.transpose(0, 1, 3, 2), photo).getFloat()).isGreaterThan(0.1f);
            assertThat(EdgeDistance.between(photo.mul(0.5f), photo).getFloat()).as("contrast halved")
                    .isGreaterThan(0.1f);
        }
    }

    /** Gradient descent on a flat image draws the photo's edges into it: the slicing passes gradients. */
    @Test
    void itsGradientDrawsThePhotosEdges() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Autograd.offOnThisThread();
            manager.getEngine().setRandomSeed(6);
            NDArray photo = manager.randomUniform(-1f, 1f, SHAPE);
            NDArray image = manager.zeros(SHAPE);
            float first = EdgeDistance.between(image, photo).getFloat();
            for (int step = 0; step < 200; step++) {
                image.setRequiresGradient(true);
                NDArray current = image;
                Autograd.collect(collector -> {
                    collector.backward(EdgeDistance.between(current, photo));
                    return null;
                });
                image = current.sub(current.getGradient().mul(SHAPE.size() / 16f));
            }

            assertThat(EdgeDistance.between(image, photo).getFloat()).isLessThan(first / 100);
        }
    }
}
