package io.atelier.trainer.bench;

import io.atelier.generator.evaluation.QualityMetrics;
import io.atelier.generator.evaluation.StyleEvaluation;
import io.atelier.schemas.models.ModelEvaluation;
import io.atelier.trainer.Samples;
import io.atelier.trainer.TrainingPlan;
import io.atelier.trainer.training.SampleTraining;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * Whether a trained generator sees how bright a photo is: each held-out photo, darkened to a half and
 * a quarter (no clipping), is styled by one model of a {@link LossVariantsBenchmark} variant (default
 * quick), and the outputs are compared with the output of the photo itself. Prints a Markdown table of
 * black levels ({@link QualityMetrics#blackLevel}) and the largest per-channel difference between
 * outputs; a generator whose first instance normalisation removes the input's brightness and contrast
 * gives the same output at every brightness.
 *
 * <p>A second table probes a fix not built: each full-brightness output's luminance mean and spread
 * moved a share {@code t} of the way to its photo's ({@link #retone}, the same affine map on R, G and
 * B), then measured as every model is ({@link StyleEvaluation#measure}). The generator is not trained
 * with it, so it shows what re-toning the output costs the palette and gives back to the blacks, not
 * what a network trained with it would learn.
 *
 * <pre>./atelier bench brightness [VARIANT]</pre>
 */
public final class BrightnessBenchmark {

    static final int SIDE = 192;
    static final double[] GAINS = {1, 0.5, 0.25};
    static final double[] RETONE = {0, 0.25, 0.5, 1};

    private BrightnessBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        TrainingPlan plan = LossVariantsBenchmark.variant(args.length > 0 ? args[0] : "quick");
        List<String> names = Samples.files(Samples.HOLDOUT).stream().map(f -> f.getFileName().toString()).toList();
        List<BufferedImage> inputs = new ArrayList<>();
        for (BufferedImage photo : Samples.images(Samples.HOLDOUT)) {
            BufferedImage square = StyleEvaluation.square(photo, SIDE);
            for (double gain : GAINS) {
                inputs.add(darken(square, gain));
            }
        }
        List<BufferedImage> outputs = SampleTraining.train(plan, Samples.images(Samples.CONTENT),
                Samples.read(Samples.STARRY_NIGHT), 100, trainer -> SampleTraining.stylise(trainer, inputs, SIDE));
        System.out.println("| photo | brightness | black level in | black level out | largest difference from the "
                + "output at full brightness |");
        System.out.println("|---|---|---|---|---|");
        for (int i = 0; i < inputs.size(); i++) {
            BufferedImage full = outputs.get(i - i % GAINS.length);
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.1f | %.1f | %d |%n", names.get(i / GAINS.length),
                    GAINS[i % GAINS.length], QualityMetrics.blackLevel(inputs.get(i)),
                    QualityMetrics.blackLevel(outputs.get(i)), largestDifference(full, outputs.get(i)));
        }

        BufferedImage painting = Samples.read(Samples.STARRY_NIGHT);
        List<BufferedImage> photos = new ArrayList<>();
        List<BufferedImage> styled = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i += GAINS.length) {
            photos.add(inputs.get(i));
            styled.add(outputs.get(i));
        }
        System.out.println();
        System.out.println("| output re-toned towards the photo, t | style ratio | texture ratio | SSIM min / median "
                + "| black-level rise | darkest photo's black level |");
        System.out.println("|---|---|---|---|---|---|");
        for (double t : RETONE) {
            List<BufferedImage> retoned = new ArrayList<>();
            for (int i = 0; i < photos.size(); i++) {
                retoned.add(retone(photos.get(i), styled.get(i), t));
            }
            StyleEvaluation.Result result = StyleEvaluation.measure(names, photos, retoned, painting);
            ModelEvaluation.Summary s = result.summary();
            ModelEvaluation.Photo darkest = result.photos().stream()
                    .min(Comparator.comparingDouble(ModelEvaluation.Photo::blackLevelBefore)).orElseThrow();
            System.out.printf(Locale.ROOT, "| %.2f | %.3f | %.3f | %.3f / %.3f | %+.1f | %s %.1f -> %.1f |%n", t,
                    s.styleRatio(), s.textureRatio(), s.minSsim(), s.medianSsim(), s.medianBlackLevelRise(),
                    darkest.name(), darkest.blackLevelBefore(), darkest.blackLevelAfter());
        }
    }

    /**
     * {@code output} with its luminance mean moved a share {@code t} of the way to {@code photo}'s and its
     * spread scaled by (photo's over output's) to the power {@code t}; 0 leaves it, 1 gives it the photo's.
     */
    static BufferedImage retone(BufferedImage photo, BufferedImage output, double t) {
        double[] from = meanAndSpread(output);
        double[] to = meanAndSpread(photo);
        double mean = from[0] + t * (to[0] - from[0]);
        double scale = Math.pow(to[1] / from[1], t);
        return mapChannels(output, c -> mean + (c - from[0]) * scale);
    }

    /** Each 8-bit channel value of each pixel through {@code f}, rounded and clipped to 0 to 255. */
    private static BufferedImage mapChannels(BufferedImage image, DoubleUnaryOperator f) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int value = 0;
                for (int shift = 16; shift >= 0; shift -= 8) {
                    double c = f.applyAsDouble((rgb >> shift) & 255);
                    value |= (int) Math.round(Math.max(0, Math.min(255, c))) << shift;
                }
                out.setRGB(x, y, value);
            }
        }
        return out;
    }

    private static double[] meanAndSpread(BufferedImage image) {
        double[] all = Arrays.stream(QualityMetrics.luma(image, image.getWidth(), image.getHeight()))
                .flatMapToDouble(Arrays::stream).toArray();
        double mean = Arrays.stream(all).average().orElseThrow();
        double variance = Arrays.stream(all).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
        return new double[]{mean, Math.sqrt(variance)};
    }

    private static BufferedImage darken(BufferedImage image, double gain) {
        return mapChannels(image, c -> c * gain);
    }

    private static int largestDifference(BufferedImage a, BufferedImage b) {
        int largest = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 16; shift >= 0; shift -= 8) {
                    largest = Math.max(largest, Math.abs(((p >> shift) & 255) - ((q >> shift) & 255)));
                }
            }
        }
        return largest;
    }
}
