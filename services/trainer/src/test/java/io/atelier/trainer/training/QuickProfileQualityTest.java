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
 * <p>Statistics ({@link StyleEvaluation#measure}, the report of every published model), over the five
 * held-out photos at 192 px. The quick profile compares luminance only in its content term and matches
 * the painting's colour distribution ({@code lumaContent}, {@code alpha} 0.15, {@code lambda} 120,
 * {@code colourWeight} 900 until 2026-12-04, then 1200, {@code textureWeight} 1, since issue #14), its
 * generator has the {@code keep} path from the input around the first normalisation, and that path
 * learns at ten times the rate (both since 2026-12-02);
 * figures at colour 900, before the weight average, for seed 42 from five processes, two of them
 * {@code .ci/run} (in brackets: seeds 43 to 45, one process each; BENCHMARKS.md "the keep path's
 * learning rate"; the figures at 1200, which the bounds now follow, come after the list):
 * <ul>
 *   <li>colour: mean histogram distance to the painting, after over before, at most
 *       {@value #COLOUR_RATIO} (measured 0.314 to 0.38, once 0.41 in a {@code .ci/run}; 0.378 to 0.379; at
 *       the common rate 0.30 to 0.38; the profile before the colour distribution term: 0.49 to 0.60);</li>
 *   <li>structure: luminance SSIM between a photo and its styled version, lowest above
 *       {@value #STRUCTURE} and median above {@value #MEDIAN_STRUCTURE} (measured 0.716 to 0.733 and
 *       0.768 to 0.786; 0.687 to 0.716 and 0.747 to 0.794; with the keep path at the common rate 0.574
 *       to 0.606 and 0.656 to 0.726, without it 0.353 to 0.397 and 0.553 to 0.584: the lowest bound
 *       fails every one of those). Two unrelated photos score about 0.07;</li>
 *   <li>border: median border ratio at most {@value #BORDER} (measured 0.98 to 0.99; 0.98 to 0.99; 1.43 with
 *       zero padding, whose frame this catches; the target is 1.3);</li>
 *   <li>black level: the median rise of the 5th luminance percentile at most {@value #BLACK_RISE}
 *       (measured -1.3 to 2.1; 3.9 to 5.4);</li>
 *   <li>texture: the texture distance to the painting
 *       ({@link io.atelier.generator.evaluation.TextureStatistics}), mean after over mean before, below
 *       {@value #TEXTURE_RATIO} (measured 0.314 to 0.354 on seed 42 in six processes, three of them
 *       {@code .ci/run}; 0.360 on seed 43; an output that is the photo scores 1).</li>
 * </ul>
 * Since 2026-12-04 the outputs are those of the running average of the generator's weights
 * ({@link GanTrainer#AVERAGE_DECAY}), as published: seed 42 in six processes (two {@code .ci/run})
 * gave colour 0.31 to 0.37, SSIM 0.711 to 0.740 / 0.781 to 0.804, texture 0.297 to 0.321, black-level
 * rise 0.2 to 3.7 (the second {@code .ci/run} the far end of each); seeds 43 and 44 in four processes
 * colour 0.34 to 0.43, SSIM 0.688 to 0.749 / 0.755 to 0.822, texture 0.296 to 0.338, black-level rise
 * 1.7 to 5.8 (BENCHMARKS.md "a running average" and "a stronger colour term"): inside the bounds,
 * which stayed where they were.
 * Since the colour weight went to 1200 (2026-12-04, BENCHMARKS.md "quick's colour weight goes to 1200"),
 * seed 42 in twelve processes (seven {@code .ci/run}) gave colour 0.31 to 0.34, SSIM 0.663 to 0.680 /
 * 0.734 to 0.757, texture 0.310 to 0.342, black-level rise -1.7 to 0.2; seeds 43 and 44 in two processes
 * colour 0.32 to 0.39, SSIM 0.644 to 0.694 / 0.717 to 0.766. The colour bound came down from 0.44 to
 * {@value #COLOUR_RATIO}; the others stay. Three later {@code .ci/run} of seed 42 (2026-12-05) gave colour
 * 0.33, 0.32 and 0.29, SSIM 0.682 / 0.746, 0.680 / 0.742 and 0.667 / 0.739, black-level rise -2.0, -1.7
 * and +1.3.
 * PyTorch's CPU kernels make 600 steps end elsewhere from one process to the next (with the keep path
 * at the common rate seed 42's lowest SSIM spread over 0.582 to 0.606 in six processes, before it over
 * 0.353 to 0.397 in nine), so the bounds leave 0.043 and 0.054 below seed 42's SSIM figures at colour
 * 1200 (0.024 and 0.037 below seeds 43 and 44's), 0.08 above seed 42's colour ratio and 0.03 above any
 * seed's, 12 grey levels above the highest black-level rise and 0.29 on the border ratio. They catch a
 * frame (zero padding's 1.43), the keep path learning at the common rate (lowest SSIM 0.57 to 0.61) or
 * missing (0.35 to 0.40) and the palette of the profile before the colour-distribution term (ratio 0.49
 * to 0.60).
 * The trainer's default quality gate ({@link QualityThresholds#DEFAULTS}), which every published model
 * meets unless an admin promotes it, must pass these outputs too.
 * Figures and command: BENCHMARKS.md.
 */
class QuickProfileQualityTest {

    static final int SIDE = 192;
    /** Lowest luminance SSIM between a photo and its styled version that still counts as its structure. */
    static final double STRUCTURE = 0.62;
    static final double MEDIAN_STRUCTURE = 0.68;
    static final double COLOUR_RATIO = 0.42;
    static final double TEXTURE_RATIO = 0.5;
    static final double BORDER = 1.28;
    static final double BLACK_RISE = 18;
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

        StyleEvaluation.Result result = StyleEvaluation.measure(
                Samples.files(Samples.HOLDOUT).stream().map(f -> f.getFileName().toString()).toList(), photos, outputs,
                painting);
        BufferedImage grid = new BufferedImage(2 * SIDE, unseen.size() * SIDE, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < photos.size(); i++) {
            ModelEvaluation.Photo m = result.photos().get(i);
            System.out.printf(Locale.ROOT, "%s: colour distance to painting %.3f -> %.3f, texture %.3f -> %.3f, "
                            + "SSIM %.3f, border ratio %.2f, black level %.1f -> %.1f%n", m.name(),
                    m.styleDistanceBefore(), m.styleDistanceAfter(), m.textureDistanceBefore(),
                    m.textureDistanceAfter(), m.ssim(), m.borderRatio(), m.blackLevelBefore(), m.blackLevelAfter());
            Graphics2D g = grid.createGraphics();
            g.drawImage(photos.get(i), 0, i * SIDE, null);
            g.drawImage(outputs.get(i), SIDE, i * SIDE, null);
            g.dispose();
        }
        Path out = Files.createDirectories(Path.of("target/quality"));
        ImageIO.write(grid, "png", out.resolve("quick-profile-starry-night.png").toFile());

        ModelEvaluation.Summary summary = result.summary();
        double before = mean(result.photos(), ModelEvaluation.Photo::styleDistanceBefore);
        double after = mean(result.photos(), ModelEvaluation.Photo::styleDistanceAfter);
        double unrelated = QualityMetrics.luminanceSsim(square(unseen.get(0)), square(unseen.get(1)));
        System.out.printf(Locale.ROOT, "colour distance %.3f -> %.3f (ratio %.2f), SSIM min %.3f median %.3f, "
                        + "border ratio median %.2f, black level rise median %.1f (painting's level %.1f), "
                        + "SSIM of two unrelated photos %.3f%n", before, after, summary.styleRatio(), summary.minSsim(),
                summary.medianSsim(), summary.medianBorderRatio(), summary.medianBlackLevelRise(),
                QualityMetrics.blackLevel(painting), unrelated);
        System.out.printf(Locale.ROOT, "texture distance to the painting, mean after over mean before %.3f%n",
                summary.textureRatio());
        assertThat(unrelated).as("SSIM of two unrelated photos").isLessThan(UNRELATED);
        assertThat(summary.styleRatio()).as("colour distance to the painting, after over before")
                .isLessThan(COLOUR_RATIO);
        assertThat(summary.minSsim()).as("lowest luminance SSIM between a photo and its styled version")
                .isGreaterThan(STRUCTURE);
        assertThat(summary.medianSsim()).as("median luminance SSIM").isGreaterThan(MEDIAN_STRUCTURE);
        assertThat(summary.medianBorderRatio())
                .as("median border ratio (edge contrast against the interior, output over input)").isLessThan(BORDER);
        assertThat(summary.medianBlackLevelRise()).as("median rise of the black level").isLessThan(BLACK_RISE);
        assertThat(summary.textureRatio()).as("texture distance to the painting, after over before")
                .isLessThan(TEXTURE_RATIO);
        assertThat(QualityThresholds.DEFAULTS.failures(summary))
                .as("the trainer's default quality gate on the quick profile (%s)", summary).isEmpty();
    }

    private static double mean(List<ModelEvaluation.Photo> photos, ToDoubleFunction<ModelEvaluation.Photo> value) {
        return photos.stream().mapToDouble(value).average().orElseThrow();
    }

    static BufferedImage square(BufferedImage image) {
        return StyleEvaluation.square(image, SIDE);
    }
}
