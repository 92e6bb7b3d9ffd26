package io.atelier.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/** The functional layers both networks are made of (DJL's PyTorch engine has no instance norm block). */
final class Layers {

    private Layers() {
    }

    /** oneDNN's blocks of output channels on AVX-512 CPUs; see {@link #conv}. */
    static final int CHANNEL_BLOCK = 16;

    /**
     * A convolution whose output channels are filled up with zero filters to a multiple of
     * {@value #CHANNEL_BLOCK}, the extra outputs dropped. When they fill a block only in part, PyTorch
     * 2.7.1's CPU convolution (oneDNN 3.7.1) now and then gives a NaN gradient for its input, most likely
     * from the block's uninitialised padding (AMD EPYC, AVX-512: 8 to 3 channels, 91 of 1,200 backward
     * passes; none of 1,200 filled up; {@code LayersTest}). oneDNN computes the padded block anyway, so
     * filling it costs little (BENCHMARKS.md, "Trainer: NaN gradients from partial channel blocks").
     */
    static NDArray conv(NDArray x, Parameters p, String name, int stride, int padding) {
        NDArray weight = p.get(name + ".weight");
        NDArray bias = p.get(name + ".bias");
        Shape shape = weight.getShape();
        long channels = shape.get(0);
        long missing = Math.floorMod(-channels, CHANNEL_BLOCK);
        if (missing > 0) {
            NDManager manager = x.getManager();
            weight = NDArrays.concat(new NDList(weight,
                    manager.zeros(new Shape(missing, shape.get(1), shape.get(2), shape.get(3)))), 0);
            bias = NDArrays.concat(new NDList(bias, manager.zeros(new Shape(missing))), 0);
        }
        NDArray y = Conv2d.conv2d(x, weight, bias, new Shape(stride, stride), new Shape(padding, padding),
                new Shape(1, 1), 1).singletonOrThrow();
        return missing > 0 ? y.get(":, 0:" + channels) : y;
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
