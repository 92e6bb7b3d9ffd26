package io.atelier.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Random;

/**
 * The colour loss: a sliced Wasserstein distance between the RGB pixels of a batch and as many target
 * pixels, that is the mean squared difference of their sorted projections on random unit directions.
 * It matches the joint distribution of R, G and B, which the evaluation's colour histogram compares;
 * matching the chroma's means and standard deviations (the term before) left the style ratio near
 * 0.55 (BENCHMARKS.md). Sorting is differentiable: each pixel is pulled to the target colour of its
 * rank, wherever it sits in the image.
 */
final class SlicedWasserstein {

    /** Random projections per step; more cost a sort of the batch's pixels each. */
    static final int DIRECTIONS = 16;

    private SlicedWasserstein() {
    }

    /** {@value #DIRECTIONS} unit vectors in RGB, uniformly distributed, as a (DIRECTIONS, 3) row-major array. */
    static float[] directions(Random random) {
        float[] d = new float[DIRECTIONS * 3];
        for (int i = 0; i < DIRECTIONS; i++) {
            double r = random.nextGaussian();
            double g = random.nextGaussian();
            double b = random.nextGaussian();
            double norm = Math.sqrt(r * r + g * g + b * b);
            d[3 * i] = (float) (r / norm);
            d[3 * i + 1] = (float) (g / norm);
            d[3 * i + 2] = (float) (b / norm);
        }
        return d;
    }

    /**
     * @param images     NCHW RGB batch
     * @param directions from {@link #directions}
     * @param target     as many pixels as the batch has, channel-major: all reds, then greens, then blues
     */
    static NDArray distance(NDArray images, float[] directions, float[] target) {
        Shape shape = images.getShape();
        int pixels = (int) (shape.get(0) * shape.get(2) * shape.get(3));
        NDManager manager = images.getManager();
        NDArray d = manager.create(directions, new Shape(DIRECTIONS, 3));
        NDArray generated = d.matMul(images.transpose(1, 0, 2, 3).reshape(3, pixels)).sort(1);
        NDArray wanted = d.matMul(manager.create(target, new Shape(3, pixels))).sort(1);
        return generated.sub(wanted).square().mean();
    }
}
