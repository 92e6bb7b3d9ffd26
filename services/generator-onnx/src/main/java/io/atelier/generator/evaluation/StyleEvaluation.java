package io.atelier.generator.evaluation;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.atelier.generator.GeneratorRuntime;
import io.atelier.schemas.models.GateVerdict;
import io.atelier.schemas.models.GeneratorContract;
import io.atelier.schemas.models.ModelEvaluation;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Runs a generator on a set of photos and measures its outputs with {@link QualityMetrics}. It lives in
 * generator-onnx because both the trainer (every published model) and {@code ./atelier eval} (infra/local)
 * run models through {@link GeneratorRuntime} here, and the trainer's DJL quality test measures with it too.
 */
public final class StyleEvaluation {

    /** Side of the square photos: the quick profile's quality figures were measured at 192 px. */
    public static final int SIDE = 192;
    /** Side of each picture on the contact sheet. */
    public static final int THUMBNAIL = 128;

    /** A photo and the name it is reported under. */
    public record NamedImage(String name, BufferedImage image) {
    }

    /**
     * What one evaluation measured, with the pictures for the contact sheet.
     *
     * @param photos  per photo
     * @param summary over the photos
     * @param inputs  the square photos, in order
     * @param outputs the generator's outputs, in order
     */
    public record Result(List<ModelEvaluation.Photo> photos, ModelEvaluation.Summary summary,
                         List<BufferedImage> inputs, List<BufferedImage> outputs) {

        /** The stored document, with the gate's verdict. */
        public ModelEvaluation document(String style, String version, String photoSet, String styleImage,
                                        GateVerdict gate) {
            return new ModelEvaluation(ModelEvaluation.SCHEMA_VERSION, style, version, Instant.now(),
                    inputs.get(0).getWidth(), photoSet, styleImage, photos, summary, gate);
        }

        /** The photos over their outputs, {@value #THUMBNAIL} px each, as PNG. */
        public byte[] contactSheetPng() {
            int gap = 4;
            int width = gap + inputs.size() * (THUMBNAIL + gap);
            BufferedImage sheet = new BufferedImage(width, 2 * THUMBNAIL + 3 * gap, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = sheet.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
                for (int i = 0; i < inputs.size(); i++) {
                    int x = gap + i * (THUMBNAIL + gap);
                    g.drawImage(inputs.get(i), x, gap, THUMBNAIL, THUMBNAIL, null);
                    g.drawImage(outputs.get(i), x, 2 * gap + THUMBNAIL, THUMBNAIL, THUMBNAIL, null);
                }
            } finally {
                g.dispose();
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            try {
                ImageIO.write(sheet, "png", png);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return png.toByteArray();
        }
    }

    private StyleEvaluation() {
    }

    /** Loads the ONNX model into a session of its own, runs {@link #run(OrtEnvironment, OrtSession, List, BufferedImage, int)} and closes it. */
    public static Result run(byte[] onnx, List<NamedImage> photos, BufferedImage styleImage, int side)
            throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = env.createSession(onnx, options)) {
            return run(env, session, photos, styleImage, side);
        }
    }

    /**
     * Runs the photos, cropped to centred squares of {@code side} px, through the generator in one batch
     * and measures the outputs.
     *
     * @param styleImage the style's painting, or null: then the style statistics are absent
     */
    public static Result run(OrtEnvironment env, OrtSession session, List<NamedImage> photos, BufferedImage styleImage,
                             int side) throws OrtException {
        if (photos.isEmpty()) {
            throw new IllegalArgumentException("an evaluation needs at least one photo");
        }
        if (side < GeneratorContract.MIN_SIDE || side % GeneratorContract.SIZE_MULTIPLE != 0) {
            throw new IllegalArgumentException("side " + side + " breaks the generator contract");
        }
        List<BufferedImage> squares = photos.stream().map(p -> square(p.image(), side)).toList();
        float[] output = GeneratorRuntime.run(env, session, toModel(squares, side), squares.size(), side, side);
        List<BufferedImage> outputs = new ArrayList<>();
        for (int i = 0; i < squares.size(); i++) {
            outputs.add(fromModel(output, i, side));
        }
        return measure(photos.stream().map(NamedImage::name).toList(), squares, outputs, styleImage);
    }

    /** Measures outputs made elsewhere (the trainer's DJL quality test) the same way. */
    public static Result measure(List<String> names, List<BufferedImage> inputs, List<BufferedImage> outputs,
                                 BufferedImage styleImage) {
        List<ModelEvaluation.Photo> photos = new ArrayList<>();
        TextureStatistics styleTexture = styleImage == null ? null
                : TextureStatistics.of(square(styleImage, inputs.get(0).getWidth()));
        for (int i = 0; i < inputs.size(); i++) {
            BufferedImage in = inputs.get(i);
            BufferedImage out = outputs.get(i);
            photos.add(new ModelEvaluation.Photo(names.get(i),
                    styleImage == null ? null : QualityMetrics.colourDistance(in, styleImage),
                    styleImage == null ? null : QualityMetrics.colourDistance(out, styleImage),
                    styleImage == null ? null : TextureStatistics.of(in).distance(styleTexture),
                    styleImage == null ? null : TextureStatistics.of(out).distance(styleTexture),
                    QualityMetrics.luminanceSsim(in, out), finite(QualityMetrics.borderRatio(in, out)),
                    QualityMetrics.blackLevel(in), QualityMetrics.blackLevel(out)));
        }
        Double styleRatio = styleImage == null ? null : ratio(photos, ModelEvaluation.Photo::styleDistanceAfter,
                ModelEvaluation.Photo::styleDistanceBefore);
        Double textureRatio = styleImage == null ? null : ratio(photos, ModelEvaluation.Photo::textureDistanceAfter,
                ModelEvaluation.Photo::textureDistanceBefore);
        ModelEvaluation.Summary summary = new ModelEvaluation.Summary(styleRatio, textureRatio,
                photos.stream().mapToDouble(ModelEvaluation.Photo::ssim).min().orElseThrow(),
                median(photos, ModelEvaluation.Photo::ssim), median(photos, ModelEvaluation.Photo::borderRatio),
                median(photos, p -> p.blackLevelAfter() - p.blackLevelBefore()));
        return new Result(List.copyOf(photos), summary, List.copyOf(inputs), List.copyOf(outputs));
    }

    /** The centred square of the image, scaled to {@code side} px. */
    public static BufferedImage square(BufferedImage image, int side) {
        int crop = Math.min(image.getWidth(), image.getHeight());
        BufferedImage square = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = square.createGraphics();
        g.drawImage(image, 0, 0, side, side, (image.getWidth() - crop) / 2, (image.getHeight() - crop) / 2,
                (image.getWidth() + crop) / 2, (image.getHeight() + crop) / 2, null);
        g.dispose();
        return square;
    }

    /** Square images of {@code side} px as one NCHW batch in the contract's range. */
    public static float[] toModel(List<BufferedImage> squares, int side) {
        int plane = side * side;
        float[] data = new float[squares.size() * 3 * plane];
        for (int n = 0; n < squares.size(); n++) {
            int base = n * 3 * plane;
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    int rgb = squares.get(n).getRGB(x, y);
                    data[base + y * side + x] = GeneratorContract.toModel((rgb >> 16) & 0xff);
                    data[base + plane + y * side + x] = GeneratorContract.toModel((rgb >> 8) & 0xff);
                    data[base + 2 * plane + y * side + x] = GeneratorContract.toModel(rgb & 0xff);
                }
            }
        }
        return data;
    }

    /** Image {@code index} of an NCHW batch of squares of {@code side} px. */
    public static BufferedImage fromModel(float[] data, int index, int side) {
        int plane = side * side;
        int base = index * 3 * plane;
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int i = base + y * side + x;
                image.setRGB(x, y, GeneratorContract.fromModel(data[i]) << 16
                        | GeneratorContract.fromModel(data[plane + i]) << 8 | GeneratorContract.fromModel(data[2 * plane + i]));
            }
        }
        return image;
    }

    /** A flat photo has no interior contrast to compare the border with; count it as untouched. */
    private static double finite(double ratio) {
        return Double.isFinite(ratio) ? ratio : 1.0;
    }

    /** Mean after over mean before. */
    private static double ratio(List<ModelEvaluation.Photo> photos, ToDoubleFunction<ModelEvaluation.Photo> after,
                                ToDoubleFunction<ModelEvaluation.Photo> before) {
        return mean(photos, after) / mean(photos, before);
    }

    private static double mean(List<ModelEvaluation.Photo> photos, ToDoubleFunction<ModelEvaluation.Photo> value) {
        return photos.stream().mapToDouble(value).average().orElseThrow();
    }

    private static double median(List<ModelEvaluation.Photo> photos, ToDoubleFunction<ModelEvaluation.Photo> value) {
        double[] sorted = photos.stream().mapToDouble(value).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
