package io.atelier.generator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The generator's architecture, written once in {@link #forward}: the trainer runs it on DJL arrays
 * and the exporter on ONNX node names, so the trained network and the exported graph cannot drift
 * apart.
 *
 * @param width          channels of the first layer
 * @param residualBlocks residual blocks at 4x width
 */
public record GeneratorSpec(int width, int residualBlocks) {

    /** Instance normalisation epsilon, the same in training and in the exported graph. */
    public static final float EPSILON = 1e-5f;

    public GeneratorSpec {
        if (width < 1 || residualBlocks < 0) {
            throw new IllegalArgumentException("width must be >= 1 and residualBlocks >= 0, was " + width + ", "
                    + residualBlocks);
        }
    }

    /**
     * One convolution and, unless it is the output layer, its normalisation.
     *
     * @param name       parameter prefix: {@code <name>.weight}, {@code <name>.bias}, {@code <name>.gamma},
     *                   {@code <name>.beta}
     * @param in         input channels
     * @param out        output channels
     * @param kernel     square kernel size
     * @param stride     stride
     * @param normalised whether instance normalisation follows
     */
    public record Conv(String name, int in, int out, int kernel, int stride, boolean normalised) {
        /** Pixels reflected on each side before the convolution. */
        public int padding() {
            return kernel / 2;
        }
    }

    /**
     * The operations the architecture is made of, over whatever carries a value: arrays when training,
     * node names when exporting. {@code name} arguments name the layer the operation belongs to.
     *
     * @param <T> a value flowing through the network
     */
    public interface Ops<T> {

        /** Pads {@code x} by reflection ({@link Conv#padding()} pixels per side), then convolves it. */
        T conv(T x, Conv conv);

        /** Instance normalisation with {@code conv}'s affine parameters and {@link #EPSILON}. */
        T norm(T x, Conv conv);

        T relu(T x, String name);

        T add(T x, T y, String name);

        /** Nearest-neighbour 2x upsampling. */
        T upsample(T x, String name);

        T tanh(T x);
    }

    /**
     * The forward pass, NCHW RGB in [-1, 1] in and out, of a feed-forward residual network: a 7x7
     * convolution to {@code width} channels, two stride-2 3x3 convolutions (to 2x and 4x width), the
     * residual blocks, two nearest-neighbour 2x upsamplings each followed by a 3x3 convolution, and a
     * 7x7 convolution to RGB, to which a 1x1 convolution of the input itself ({@code keep}, a learnt colour
     * map) is added before the tanh. Every hidden convolution is followed by instance normalisation and
     * ReLU; in a residual block the second normalisation is added to the block's input instead. The
     * {@code keep} path is the only one that bypasses the first normalisation, which removes each photo's
     * exposure and contrast: without it a photo and the same photo darkened gave the same output, and
     * with it the structure kept rose from a median SSIM of 0.50 to 0.56 to 0.66 to 0.73 (BENCHMARKS.md).
     * Convolutions pad by reflection, as in CycleGAN and Johnson et al.: zero padding made the network
     * paint a frame along the border. Sides must be multiples of 4 and at least 8: at a quarter of the
     * size a 3x3 convolution reflects 1 pixel, which needs 2.
     */
    public <T> T forward(T input, Ops<T> ops) {
        int w = width;
        T x = block(input, new Conv("head", 3, w, 7, 1, true), ops);
        x = block(x, new Conv("down1", w, 2 * w, 3, 2, true), ops);
        x = block(x, new Conv("down2", 2 * w, 4 * w, 3, 2, true), ops);
        for (int i = 0; i < residualBlocks; i++) {
            String name = "res" + i;
            T y = block(x, new Conv(name + ".a", 4 * w, 4 * w, 3, 1, true), ops);
            Conv b = new Conv(name + ".b", 4 * w, 4 * w, 3, 1, true);
            x = ops.add(x, ops.norm(ops.conv(y, b), b), name);
        }
        x = block(ops.upsample(x, "up1"), new Conv("up1", 4 * w, 2 * w, 3, 1, true), ops);
        x = block(ops.upsample(x, "up2"), new Conv("up2", 2 * w, w, 3, 1, true), ops);
        T painted = ops.conv(x, new Conv("tail", w, 3, 7, 1, false));
        T kept = ops.conv(input, new Conv("keep", 3, 3, 1, 1, false));
        return ops.tanh(ops.add(painted, kept, "keep"));
    }

    private static <T> T block(T x, Conv conv, Ops<T> ops) {
        return ops.relu(ops.norm(ops.conv(x, conv), conv), conv.name());
    }

    /** Every convolution in order, as {@link #forward} meets them; their names are the parameters'. */
    public List<Conv> convolutions() {
        List<Conv> convs = new ArrayList<>();
        forward(null, new Ops<Void>() {
            @Override
            public Void conv(Void x, Conv conv) {
                convs.add(conv);
                return x;
            }

            @Override
            public Void norm(Void x, Conv conv) {
                return x;
            }

            @Override
            public Void relu(Void x, String name) {
                return x;
            }

            @Override
            public Void add(Void x, Void y, String name) {
                return x;
            }

            @Override
            public Void upsample(Void x, String name) {
                return x;
            }

            @Override
            public Void tanh(Void x) {
                return x;
            }
        });
        return convs;
    }

    /** Every parameter's name and shape, in a stable order. */
    public Map<String, long[]> parameterShapes() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (Conv conv : convolutions()) {
            shapes.put(conv.name() + ".weight", new long[]{conv.out(), conv.in(), conv.kernel(), conv.kernel()});
            shapes.put(conv.name() + ".bias", new long[]{conv.out()});
            if (conv.normalised()) {
                shapes.put(conv.name() + ".gamma", new long[]{conv.out()});
                shapes.put(conv.name() + ".beta", new long[]{conv.out()});
            }
        }
        return shapes;
    }
}
