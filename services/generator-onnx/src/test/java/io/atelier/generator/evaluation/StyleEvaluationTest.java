package io.atelier.generator.evaluation;

import io.atelier.generator.GeneratorOnnx;
import io.atelier.generator.GeneratorSpec;
import io.atelier.schemas.models.GateFailure;
import io.atelier.schemas.models.ModelEvaluation;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The evaluation run through ONNX Runtime on models whose statistics are known: the identity keeps
 * structure and border exactly and moves nothing towards the style; the negative destroys the
 * structure; a blue wash moves colours towards a blue painting. The gate reads them accordingly.
 */
class StyleEvaluationTest {

    static final int SIDE = 64;

    private static List<StyleEvaluation.NamedImage> photos() {
        return List.of(new StyleEvaluation.NamedImage("a", photo(1, 96, 80)),
                new StyleEvaluation.NamedImage("b", photo(2, 80, 120)), new StyleEvaluation.NamedImage("c", photo(3, 90, 90)));
    }

    /** Shapes and gradients with a little noise: something with structure in the interior and at the edges. */
    static BufferedImage photo(long seed, int width, int height) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int v = (x * 255 / width + random.nextInt(20)) & 0xff;
                image.setRGB(x, y, new Color(v, (y * 255 / height) & 0xff, 128 + random.nextInt(60)).getRGB());
            }
        }
        Graphics2D g = image.createGraphics();
        for (int i = 0; i < 6; i++) {
            g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
            g.fillOval(random.nextInt(width), random.nextInt(height), 10 + random.nextInt(30), 10 + random.nextInt(30));
        }
        g.dispose();
        return image;
    }

    private static BufferedImage painting(Color colour) {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, 32, 32);
        g.dispose();
        return image;
    }

    @Test
    void theIdentityKeepsStructureAndBorderAndMovesNothingTowardsTheStyle() throws Exception {
        StyleEvaluation.Result result = StyleEvaluation.run(GeneratorOnnx.elementwise("Identity"), photos(),
                painting(Color.BLUE), SIDE);

        ModelEvaluation.Summary summary = result.summary();
        assertThat(summary.minSsim()).isCloseTo(1.0, within(1e-6));
        assertThat(summary.medianBorderRatio()).isCloseTo(1.0, within(1e-6));
        assertThat(summary.styleRatio()).isCloseTo(1.0, within(1e-9));
        assertThat(summary.textureRatio()).isCloseTo(1.0, within(1e-9));
        assertThat(summary.medianBlackLevelRise()).isZero();
        assertThat(result.photos()).extracting(ModelEvaluation.Photo::name).containsExactly("a", "b", "c");
        assertThat(QualityThresholds.DEFAULTS.failures(summary)).extracting(GateFailure::metric)
                .containsExactly("styleRatio");
    }

    @Test
    void theNegativeLosesTheStructureAndFailsTheGateOnSsim() throws Exception {
        StyleEvaluation.Result result = StyleEvaluation.run(GeneratorOnnx.elementwise("Neg"), photos(), null, SIDE);

        assertThat(result.summary().medianSsim()).isLessThan(0);
        assertThat(result.summary().styleRatio()).isNull();
        assertThat(result.summary().textureRatio()).isNull();
        assertThat(result.photos()).allSatisfy(p -> assertThat(p.styleDistanceAfter()).isNull());
        List<GateFailure> failures = QualityThresholds.DEFAULTS.failures(result.summary());
        assertThat(failures).extracting(GateFailure::metric).containsExactly("medianSsim");
        assertThat(failures.get(0).threshold()).isEqualTo(QualityThresholds.DEFAULTS.minSsim());
    }

    @Test
    void aModelThatWashesColoursTowardsThePaintingLowersTheStyleRatio() throws Exception {
        Random random = new Random(5);
        BufferedImage blue = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                blue.setRGB(x, y, new Color(random.nextInt(80), 20 + random.nextInt(80), 150 + random.nextInt(80)).getRGB());
            }
        }
        List<StyleEvaluation.NamedImage> photos = photos();
        List<BufferedImage> outputs = photos.stream().map(p -> tinted(StyleEvaluation.square(p.image(), SIDE))).toList();

        StyleEvaluation.Result result = StyleEvaluation.measure(List.of("a", "b", "c"),
                photos.stream().map(p -> StyleEvaluation.square(p.image(), SIDE)).toList(), outputs, blue);

        assertThat(result.summary().styleRatio()).isLessThan(0.85);
        assertThat(result.photos()).allSatisfy(p -> assertThat(p.styleDistanceAfter()).isLessThan(p.styleDistanceBefore()));
    }

    @Test
    void theRealArchitectureRunsAndTheContactSheetHasInputsOverOutputs() throws Exception {
        GeneratorSpec spec = new GeneratorSpec(4, 1);
        byte[] onnx = GeneratorOnnx.build(spec, GeneratorOnnx.randomParameters(spec, 7), Map.of());

        StyleEvaluation.Result result = StyleEvaluation.run(onnx, photos(), painting(Color.BLUE), SIDE);

        assertThat(result.photos()).hasSize(3).allSatisfy(p -> assertThat(p.ssim()).isBetween(-1.0, 1.0));
        BufferedImage sheet = ImageIO.read(new ByteArrayInputStream(result.contactSheetPng()));
        assertThat(sheet.getWidth()).isEqualTo(4 + 3 * (StyleEvaluation.THUMBNAIL + 4));
        assertThat(sheet.getHeight()).isEqualTo(2 * StyleEvaluation.THUMBNAIL + 12);
    }

    /** Most of the way towards the painting's blue. */
    private static BufferedImage tinted(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                Color c = new Color(image.getRGB(x, y));
                out.setRGB(x, y, new Color((c.getRed() + 4 * 30) / 5, (c.getGreen() + 4 * 55) / 5, (c.getBlue() + 4 * 185) / 5).getRGB());
            }
        }
        return out;
    }
}
