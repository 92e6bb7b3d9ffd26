package io.atelier.generator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The generator's architecture: a feed-forward residual network. A 7x7 convolution to {@code width}
 * channels, two stride-2 3x3 convolutions (to 2x and 4x width), {@code residualBlocks} residual blocks,
 * two nearest-neighbour 2x upsamplings each followed by a 3x3 convolution, and a 7x7 convolution to RGB
 * with tanh. Every hidden convolution is followed by instance normalisation with affine parameters and
 * ReLU (inside a residual block, the second normalisation is added to the block's input instead).
 * Every convolution pads its input by reflection ({@code kernel / 2} pixels on each side, the image
 * mirrored across its edge, as in CycleGAN and Johnson et al.): zero padding made the network paint
 * a frame along the border. Sides must be multiples of 4 and at least 8: at a quarter of the size a
 * 3x3 convolution reflects 1 pixel, which needs 2.
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

    /** Every convolution in order, with names the trainer and the exporter share. */
    public List<Conv> convolutions() {
        int w = width;
        List<Conv> convs = new ArrayList<>();
        convs.add(new Conv("head", 3, w, 7, 1, true));
        convs.add(new Conv("down1", w, 2 * w, 3, 2, true));
        convs.add(new Conv("down2", 2 * w, 4 * w, 3, 2, true));
        for (int i = 0; i < residualBlocks; i++) {
            convs.add(new Conv("res" + i + ".a", 4 * w, 4 * w, 3, 1, true));
            convs.add(new Conv("res" + i + ".b", 4 * w, 4 * w, 3, 1, true));
        }
        convs.add(new Conv("up1", 4 * w, 2 * w, 3, 1, true));
        convs.add(new Conv("up2", 2 * w, w, 3, 1, true));
        convs.add(new Conv("tail", w, 3, 7, 1, false));
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
