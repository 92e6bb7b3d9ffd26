package io.atelier.trainer.bench;

import io.atelier.generator.evaluation.QualityMetrics;
import io.atelier.generator.evaluation.StyleEvaluation;
import io.atelier.trainer.Samples;
import io.atelier.trainer.TrainingPlan;
import io.atelier.trainer.training.SampleTraining;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a trained generator sees how bright a photo is: each held-out photo, darkened to a half and
 * a quarter (no clipping), is styled by one model of a {@link LossVariantsBenchmark} variant (default
 * quick), and the outputs are compared with the output of the photo itself. Prints a Markdown table of
 * black levels ({@link QualityMetrics#blackLevel}) and the largest per-channel difference between
 * outputs; a generator whose first instance normalisation removes the input's brightness and contrast
 * gives the same output at every brightness.
 *
 * <pre>./atelier bench brightness [VARIANT]</pre>
 */
public final class BrightnessBenchmark {

    static final int SIDE = 192;
    static final double[] GAINS = {1, 0.5, 0.25};

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
    }

    private static BufferedImage darken(BufferedImage image, double gain) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int value = 0;
                for (int shift = 16; shift >= 0; shift -= 8) {
                    value |= (int) Math.round(((rgb >> shift) & 255) * gain) << shift;
                }
                out.setRGB(x, y, value);
            }
        }
        return out;
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
