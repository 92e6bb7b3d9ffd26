package io.atelier.generator.evaluation;

import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TextureStatisticsTest {

    @Test
    void stripesOfTheSameColoursDifferInTextureWhereTheHistogramsCannotTellThemApart() {
        BufferedImage fine = stripes(2, 0);
        BufferedImage fineShifted = stripes(2, 1);
        BufferedImage coarse = stripes(16, 0);

        assertThat(QualityMetrics.colourDistance(fine, coarse)).as("same colours, same amounts").isZero();
        double same = distance(fine, fineShifted);
        double different = distance(fine, coarse);
        assertThat(distance(fine, fine)).isZero();
        assertThat(same).as("the same stripes, moved by a pixel (strided layers alias: 0.2)").isLessThan(0.05);
        assertThat(different).as("fine against coarse stripes").isGreaterThan(0.2).isGreaterThan(10 * same);
    }

    @Test
    void noiseIsFartherFromStripesThanAnotherNoiseIs() {
        BufferedImage noise = noise(1);
        BufferedImage otherNoise = noise(2);

        assertThat(distance(noise, otherNoise)).isLessThan(0.05);
        assertThat(distance(noise, stripes(8, 0))).isGreaterThan(0.2).isLessThanOrEqualTo(1.0);
    }

    private static double distance(BufferedImage a, BufferedImage b) {
        return TextureStatistics.of(a).distance(TextureStatistics.of(b));
    }

    /** Vertical stripes of dark blue and yellow, {@code width} px each, the pattern moved by {@code shift}. */
    private static BufferedImage stripes(int width, int shift) {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                boolean dark = ((x + shift) / width) % 2 == 0;
                image.setRGB(x, y, (dark ? new Color(20, 30, 120) : new Color(240, 210, 60)).getRGB());
            }
        }
        return image;
    }

    private static BufferedImage noise(long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                image.setRGB(x, y, random.nextBoolean() ? new Color(20, 30, 120).getRGB()
                        : new Color(240, 210, 60).getRGB());
            }
        }
        return image;
    }
}
