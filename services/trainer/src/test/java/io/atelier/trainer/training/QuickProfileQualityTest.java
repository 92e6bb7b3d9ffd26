package io.atelier.trainer.training;

import io.atelier.generator.evaluation.QualityMetrics;
import io.atelier.generator.evaluation.QualityThresholds;
import io.atelier.generator.evaluation.StyleEvaluation;
import io.atelier.schemas.models.ModelEvaluation;
import io.atelier.trainer.Samples;
import io.atelier.trainer.TrainingPlan;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quick profile, trained on the sample photos ({@code infra/samples/content}) and The Starry Night,
 * applied to the held-out photos ({@code infra/samples/holdout}), which it never saw: outputs move
 * towards the painting's colours and keep the photos' structure.
 * The before/after grid is kept in target/quality/ for people to look at.
 *
 * <p>Statistics ({@link QualityMetrics}), over the five held-out photos at 192 px. The quick profile
 * compares luminance only in its content term and matches the chroma statistics of the painting
 * ({@code lumaContent}, {@code colourWeight} 10, since issue #14); figures from four runs of this test,
 * each its own process, on the same code (before that change, with the RGB content term and no colour
 * term, in brackets):
 * <ul>
 *   <li>colour: mean histogram distance to the painting, after over before, at most
 *       {@value #COLOUR_RATIO} (measured 0.60, 0.49, 0.57 and 0.56; before 0.58, 0.61 and 0.69);</li>
 *   <li>structure: luminance SSIM between a photo and its styled version, lowest above
 *       {@value #STRUCTURE} and median above {@value #MEDIAN_STRUCTURE} (measured 0.276 and 0.485,
 *       0.345 and 0.485, 0.332 and 0.510, 0.255 and 0.406; before 0.357 and 0.497, 0.285 and 0.455, 0.310 and 0.452).
 *       Two unrelated photos score about 0.07, so the lowest bound still tells "the same scene,
 *       restyled" from "another picture";</li>
 *   <li>border: median border ratio at most {@value #BORDER} (measured 1.03, 1.02, 0.85 and 0.94; before 0.98,
 *       0.92 and 1.11; 1.43 with zero padding, whose frame this catches; the target is 1.3);</li>
 *   <li>black level: the median rise of the 5th luminance percentile at most {@value #BLACK_RISE}
 *       (measured 21.0, 6.2, 8.8 and 15.9; before 7.3, 15.6 and 14.3).</li>
 * </ul>
 * Runs in one process often repeat exactly, but PyTorch's CPU kernels make 600 steps end elsewhere
 * from one process to the next, more than first thought: the four processes above (a median SSIM
 * bound of 0.42, set after the first three, failed the fourth; before this change, tighter bounds
 * failed two builds). Other seeds move the figures further still (seed 43:
 * median SSIM 0.33, colour ratio 0.63; BENCHMARKS.md); this test trains seed 42 only. The bounds
 * leave about 0.05 below the lowest SSIM figures, 0.1 on the colour ratio, 0.25 on the border ratio
 * and 4 grey levels above the highest black-level rise; they still catch a frame (zero padding's 1.43), an output that is no longer the photo
 * (unrelated photos score 0.07) and one that no longer takes the palette (ratio near 1).
 * The trainer's default quality gate ({@link QualityThresholds#DEFAULTS}), which every published model
 * meets unless an admin promotes it, must pass these outputs too.
 * Figures and command: BENCHMARKS.md.
 */
class QuickProfileQualityTest {

    static final int SIDE = 192;
    /** Lowest luminance SSIM between a photo and its styled version that still counts as its structure. */
    static final double STRUCTURE = 0.20;
    static final double MEDIAN_STRUCTURE = 0.36;
    static final double COLOUR_RATIO = 0.70;
    static final double BORDER = 1.28;
    static final double BLACK_RISE = 25;
    /** Luminance SSIM of two unrelated photos stays below this: what "another picture" scores. */
    static final double UNRELATED = 0.25;

    @Test
    void quickProfileStylesUnseenPhotosAndKeepsTheirStructure() throws Exception {
        TrainingPlan plan = TrainingPlan.quick();
        List<BufferedImage> training = Samples.images(Samples.CONTENT);
        List<BufferedImage> unseen = Samples.images(Samples.HOLDOUT);
        BufferedImage painting = Samples.read(Samples.STARRY_NIGHT);
        List<BufferedImage> photos = unseen.stream().map(QuickProfileQualityTest::square).toList();
        List<BufferedImage> outputs = SampleTraining.train(plan, training, painting, 100,
                trainer -> SampleTraining.stylise(trainer, photos, SIDE));

        BufferedImage grid = new BufferedImage(2 * SIDE, unseen.size() * SIDE, BufferedImage.TYPE_INT_RGB);
        List<Measures> measures = new ArrayList<>();
        for (int i = 0; i < photos.size(); i++) {
            Measures m = new Measures(photos.get(i), outputs.get(i), painting);
            System.out.printf(Locale.ROOT, "photo %d: %s%n", i, m);
            measures.add(m);
            Graphics2D g = grid.createGraphics();
            g.drawImage(photos.get(i), 0, i * SIDE, null);
            g.drawImage(outputs.get(i), SIDE, i * SIDE, null);
            g.dispose();
        }
        Path out = Files.createDirectories(Path.of("target/quality"));
        ImageIO.write(grid, "png", out.resolve("quick-profile-starry-night.png").toFile());

        double before = mean(measures, Measures::colourBefore);
        double after = mean(measures, Measures::colourAfter);
        double minSsim = measures.stream().mapToDouble(Measures::ssim).min().orElseThrow();
        double medianSsim = median(measures, Measures::ssim);
        double border = median(measures, Measures::border);
        double blackRise = median(measures, m -> m.blackAfter() - m.blackBefore());
        double unrelated = QualityMetrics.luminanceSsim(square(unseen.get(0)), square(unseen.get(1)));
        System.out.printf(Locale.ROOT, "colour distance %.3f -> %.3f (ratio %.2f), SSIM min %.3f median %.3f, "
                        + "border ratio median %.2f, black level rise median %.1f (painting's level %.1f), "
                        + "SSIM of two unrelated photos %.3f%n", before, after, after / before, minSsim, medianSsim,
                border, blackRise, QualityMetrics.blackLevel(painting), unrelated);
        assertThat(unrelated).as("SSIM of two unrelated photos").isLessThan(UNRELATED);
        assertThat(after / before).as("colour distance to the painting, after over before").isLessThan(COLOUR_RATIO);
        assertThat(minSsim).as("lowest luminance SSIM between a photo and its styled version").isGreaterThan(STRUCTURE);
        assertThat(medianSsim).as("median luminance SSIM").isGreaterThan(MEDIAN_STRUCTURE);
        assertThat(border).as("median border ratio (edge contrast against the interior, output over input)")
                .isLessThan(BORDER);
        assertThat(blackRise).as("median rise of the black level").isLessThan(BLACK_RISE);
        ModelEvaluation.Summary summary = StyleEvaluation.measure(
                Samples.files(Samples.HOLDOUT).stream().map(f -> f.getFileName().toString()).toList(), photos, outputs,
                painting).summary();
        assertThat(QualityThresholds.DEFAULTS.failures(summary))
                .as("the trainer's default quality gate on the quick profile (%s)", summary).isEmpty();
    }

    /** What the statistics of {@link QualityMetrics} say about one photo and its styled version. */
    record Measures(double colourBefore, double colourAfter, double ssim, double border, double blackBefore,
                    double blackAfter) {

        Measures(BufferedImage photo, BufferedImage styled, BufferedImage painting) {
            this(QualityMetrics.colourDistance(photo, painting), QualityMetrics.colourDistance(styled, painting),
                    QualityMetrics.luminanceSsim(photo, styled), QualityMetrics.borderRatio(photo, styled),
                    QualityMetrics.blackLevel(photo), QualityMetrics.blackLevel(styled));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "colour distance to painting %.3f -> %.3f, SSIM %.3f, border ratio "
                    + "%.2f, black level %.1f -> %.1f", colourBefore, colourAfter, ssim, border, blackBefore, blackAfter);
        }
    }

    private static double mean(List<Measures> measures, ToDoubleFunction<Measures> value) {
        return measures.stream().mapToDouble(value).average().orElseThrow();
    }

    private static double median(List<Measures> measures, ToDoubleFunction<Measures> value) {
        double[] sorted = measures.stream().mapToDouble(value).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static BufferedImage square(BufferedImage image) {
        return StyleEvaluation.square(image, SIDE);
    }
}
