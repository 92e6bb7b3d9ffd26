package io.atelier.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
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
     * A convolution of the input padded by reflection, as in CycleGAN and Johnson et al.: beyond each edge
     * it sees the image mirrored, not zeros, so it has no reason to paint a frame along the border.
     */
    static NDArray reflectConv(NDArray x, Parameters p, String name, int stride, int padding) {
        return conv(padding == 0 ? x : reflectPad(x, padding), p, name, stride, 0);
    }

    /**
     * Pads height and width by {@code p} pixels on each side, mirroring across the edge without
     * repeating it (PyTorch's {@code ReflectionPad2d}, ONNX {@code Pad} with mode {@code reflect}).
     * DJL's PyTorch engine only pads with a constant, so this is made of slices, flips and
     * concatenations, which all carry gradients.
     */
    static NDArray reflectPad(NDArray x, int p) {
        return reflect(reflect(x, 2, p), 3, p);
    }

    private static NDArray reflect(NDArray x, int axis, int p) {
        long n = x.getShape().get(axis);
        if (p >= n) {
            throw new IllegalArgumentException("reflecting " + p + " pixels needs a side of at least " + (p + 1)
                    + ", axis " + axis + " of " + x.getShape() + " has " + n);
        }
        String leading = axis == 2 ? ":, :, " : ":, :, :, ";
        NDArray before = x.get(leading + "1:" + (p + 1));
        NDArray after = x.get(leading + (n - 1 - p) + ":" + (n - 1));
        if (p > 1) {
            // a strip one pixel wide is its own mirror image: most layers pad by 1 and skip two operations
            before = before.flip(axis);
            after = after.flip(axis);
        }
        return NDArrays.concat(new NDList(before, x, after), axis);
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
