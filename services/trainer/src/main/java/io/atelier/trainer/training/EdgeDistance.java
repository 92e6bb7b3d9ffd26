package io.atelier.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The edge loss: mean squared difference of two luminance images' horizontal and vertical neighbour
 * differences. It holds a photo's edges and local contrast, which luminance SSIM measures, but not its
 * tones (a uniform shift of brightness costs nothing): structure kept without resisting the colour term
 * the way the pixel content term does. It also holds back strokes over flat areas, edges the photo does
 * not have, unless it compares averages of squares of pixels, the photo's layout (BENCHMARKS.md, "an edge
 * term").
 */
final class EdgeDistance {

    private EdgeDistance() {
    }

    /**
     * @param a    N1HW luminance
     * @param b    the same shape
     * @param pool side of the squares of pixels averaged before neighbours are compared; divides H and W
     */
    static NDArray between(NDArray a, NDArray b, int pool) {
        NDArray difference = averaged(a.sub(b), pool);
        NDArray across = difference.get(":, :, :, 1:").sub(difference.get(":, :, :, :-1"));
        NDArray down = difference.get(":, :, 1:, :").sub(difference.get(":, :, :-1, :"));
        return across.square().mean().add(down.square().mean());
    }

    private static NDArray averaged(NDArray image, int pool) {
        if (pool == 1) {
            return image;
        }
        Shape shape = image.getShape();
        // PyTorch's mean takes one axis at a time here
        return image.reshape(shape.get(0), shape.get(1), shape.get(2) / pool, pool, shape.get(3) / pool, pool)
                .mean(new int[] {5}).mean(new int[] {3});
    }
}
