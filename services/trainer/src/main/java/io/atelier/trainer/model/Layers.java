package io.atelier.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/** The functional layers both networks are made of (DJL's PyTorch engine has no instance norm block). */
final class Layers {

    private Layers() {
    }

    static NDArray conv(NDArray x, Parameters p, String name, int stride, int padding) {
        return Conv2d.conv2d(x, p.get(name + ".weight"), p.get(name + ".bias"), new Shape(stride, stride),
                new Shape(padding, padding), new Shape(1, 1), 1).singletonOrThrow();
    }

    /**
     * Instance normalisation with affine parameters: each image's channel normalised over its pixels
     * (biased variance, as ONNX's InstanceNormalization), then scaled and shifted.
     */
    static NDArray instanceNorm(NDArray x, Parameters p, String name, float epsilon) {
        long n = x.getShape().get(0);
        long c = x.getShape().get(1);
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        // DJL's PyTorch engine reduces one axis at a time, so pixels are flattened into one axis.
        NDArray flat = x.reshape(n, c, h * w);
        NDArray mean = flat.mean(new int[]{2}, true);
        NDArray centred = flat.sub(mean);
        NDArray variance = centred.square().mean(new int[]{2}, true);
        NDArray normalised = centred.div(variance.add(epsilon).sqrt()).reshape(n, c, h, w);
        return normalised.mul(p.get(name + ".gamma").reshape(1, c, 1, 1))
                .add(p.get(name + ".beta").reshape(1, c, 1, 1));
    }

    /** Nearest-neighbour 2x upsampling: each pixel repeated along height and width. */
    static NDArray upsample2(NDArray x) {
        return x.repeat(2, 2).repeat(3, 2);
    }

    static NDArray leakyRelu(NDArray x, float slope) {
        return x.maximum(x.mul(slope));
    }
}
