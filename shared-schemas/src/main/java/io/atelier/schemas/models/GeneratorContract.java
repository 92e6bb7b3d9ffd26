package io.atelier.schemas.models;

/**
 * The input/output contract of every published generator ({@code generator.onnx}), which the
 * trainer exports and the inference service checks before it runs a model.
 *
 * <ul>
 *   <li>one input named {@value #INPUT}: float32, NCHW {@code [batch, 3, height, width]}, RGB in
 *       [-1, 1] ({@code pixel / 127.5 - 1}), batch, height and width dynamic;</li>
 *   <li>one output named {@value #OUTPUT}: float32 of the same shape, RGB in [-1, 1] (tanh);</li>
 *   <li>height and width must be multiples of {@value #SIZE_MULTIPLE}: the generator halves the size
 *       twice and doubles it back;</li>
 *   <li>and at least {@value #MIN_SIDE}: at a quarter of the size a convolution padded by reflection
 *       mirrors one pixel, which needs two.</li>
 * </ul>
 */
public final class GeneratorContract {

    public static final String INPUT = "input";
    public static final String OUTPUT = "output";
    public static final int CHANNELS = 3;
    public static final int SIZE_MULTIPLE = 4;
    public static final int MIN_SIDE = 2 * SIZE_MULTIPLE;
    /** ONNX opset the exporter targets; ONNX Runtime 1.23 runs it. */
    public static final int OPSET = 17;

    private GeneratorContract() {
    }

    /** Maps an 8-bit channel value to the model's range. */
    public static float toModel(int channel) {
        return channel / 127.5f - 1f;
    }

    /**
     * Maps a model output value back to an 8-bit channel value, clamped and rounded half up (as
     * {@code Math.round}). Written out because JDK 17 does not compile {@code Math.round(float)} to an
     * instruction, and on the worker's output path it was the hottest Java method (BENCHMARKS.md); in
     * double, adding one half to a float is exact.
     */
    public static int fromModel(float value) {
        double halfUp = (value + 1f) * 127.5f + 0.5;
        if (halfUp >= 255) {
            return 255;
        }
        return halfUp > 0 ? (int) halfUp : 0;
    }
}
