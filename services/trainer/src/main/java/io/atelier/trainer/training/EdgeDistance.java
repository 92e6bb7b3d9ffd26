package io.atelier.trainer.training;

import ai.djl.ndarray.NDArray;

/**
 * The edge loss: mean squared difference of two luminance images' horizontal and vertical neighbour
 * differences. It holds a photo's edges and local contrast, which luminance SSIM measures, but not its
 * tones (a uniform shift of brightness costs nothing): structure kept without resisting the colour term
 * the way the pixel content term does. It also holds back strokes over flat areas, edges the photo does
 * not have (BENCHMARKS.md, "an edge term").
 */
final class EdgeDistance {

    private EdgeDistance() {
    }

    /**
     * @param a N1HW luminance
     * @param b the same shape
     */
    static NDArray between(NDArray a, NDArray b) {
        NDArray difference = a.sub(b);
        NDArray across = difference.get(":, :, :, 1:").sub(difference.get(":, :, :, :-1"));
        NDArray down = difference.get(":, :, 1:, :").sub(difference.get(":, :, :-1, :"));
        return across.square().mean().add(down.square().mean());
    }
}
