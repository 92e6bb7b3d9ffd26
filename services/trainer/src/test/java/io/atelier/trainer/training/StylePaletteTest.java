package io.atelier.trainer.training;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class StylePaletteTest {

    private static final int PLANE = 64 * 64;

    @Test
    void samplesOnlyColoursOfTheCropsItWasGivenWithTheirChannelsTogether() {
        StylePalette palette = new StylePalette();
        float[] crops = new float[2 * 3 * PLANE];
        fill(crops, PLANE, 0, 0.1f, 0.2f, 0.3f);
        fill(crops, PLANE, 1, -0.5f, 0.5f, 0.9f);

        palette.add(crops, 2, PLANE, new Random(1));
        float[] sample = palette.sample(1000, new Random(2));

        int first = 0;
        for (int i = 0; i < 1000; i++) {
            float[] rgb = {sample[i], sample[1000 + i], sample[2000 + i]};
            assertThat(rgb).satisfiesAnyOf(c -> assertThat(c).containsExactly(0.1f, 0.2f, 0.3f),
                    c -> assertThat(c).containsExactly(-0.5f, 0.5f, 0.9f));
            first += rgb[0] == 0.1f ? 1 : 0;
        }
        assertThat(first).as("both crops are drawn from").isBetween(400, 600);
    }

    @Test
    void theLastTurnoverBatchesReplaceOlderColours() {
        StylePalette palette = new StylePalette();
        int plane = StylePalette.CAPACITY / StylePalette.TURNOVER;
        float[] old = new float[3 * plane];
        fill(old, plane, 0, 1, 1, 1);
        float[] recent = new float[3 * plane];
        fill(recent, plane, 0, -1, -1, -1);
        Random random = new Random(3);
        palette.add(old, 1, plane, random);
        for (int i = 0; i < StylePalette.TURNOVER - 1; i++) {
            palette.add(recent, 1, plane, random);
        }
        assertThat(palette.sample(5000, random)).contains(1f);

        palette.add(recent, 1, plane, random);

        assertThat(palette.sample(5000, random)).containsOnly(-1f);
    }

    @Test
    void anEmptyPaletteRefusesToSample() {
        StylePalette palette = new StylePalette();
        palette.add(new float[3 * PLANE], 1, PLANE, new Random(4));
        palette.clear();

        assertThatThrownBy(() -> palette.sample(1, new Random(5))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keepingTonesGivesThePaintingsColoursThePhotosLuminanceRankForRank() {
        Random random = new Random(6);
        int count = 2;
        int pixels = count * PLANE;
        float[] photo = new float[3 * pixels];
        float[] photoTones = new float[pixels];
        for (int image = 0; image < count; image++) {
            for (int p = 0; p < PLANE; p++) {
                float grey = random.nextFloat() * 1.2f - 0.6f;
                photoTones[image * PLANE + p] = grey;
                for (int c = 0; c < 3; c++) {
                    photo[image * 3 * PLANE + c * PLANE + p] = grey;
                }
            }
        }
        float[] painting = new float[3 * pixels];
        for (int i = 0; i < painting.length; i++) {
            painting[i] = random.nextFloat() * 0.4f - 0.2f;
        }

        float[] unchanged = painting.clone();
        StylePalette.keepTones(unchanged, photo, count, PLANE, 0);
        float[] half = painting.clone();
        StylePalette.keepTones(half, photo, count, PLANE, 0.5);
        float[] full = painting.clone();
        StylePalette.keepTones(full, photo, count, PLANE, 1);

        assertThat(unchanged).containsExactly(painting);
        Arrays.sort(photoTones);
        float[] paintingTones = sortedLuma(painting, pixels);
        float[] halfTones = sortedLuma(half, pixels);
        float[] fullTones = sortedLuma(full, pixels);
        for (int rank = 0; rank < pixels; rank += 97) {
            assertThat(fullTones[rank]).as("tone of rank %d", rank).isCloseTo(photoTones[rank], within(1e-5f));
            assertThat(halfTones[rank]).isCloseTo((photoTones[rank] + paintingTones[rank]) / 2, within(1e-5f));
        }
        for (int i = 0; i < pixels; i++) {
            assertThat(full[i] - full[pixels + i]).as("red minus green of pixel %d", i)
                    .isCloseTo(painting[i] - painting[pixels + i], within(1e-5f));
            assertThat(full[2 * pixels + i] - full[pixels + i]).isCloseTo(
                    painting[2 * pixels + i] - painting[pixels + i], within(1e-5f));
        }
    }

    /** Sorted Rec. 601 luma of a (3, pixels) channel-major array. */
    private static float[] sortedLuma(float[] rgb, int pixels) {
        float[] luma = new float[pixels];
        for (int i = 0; i < pixels; i++) {
            luma[i] = 0.299f * rgb[i] + 0.587f * rgb[pixels + i] + 0.114f * rgb[2 * pixels + i];
        }
        Arrays.sort(luma);
        return luma;
    }

    /** Paints image {@code image} of NCHW crops of {@code plane} pixels one colour. */
    private static void fill(float[] crops, int plane, int image, float r, float g, float b) {
        int base = image * 3 * plane;
        Arrays.fill(crops, base, base + plane, r);
        Arrays.fill(crops, base + plane, base + 2 * plane, g);
        Arrays.fill(crops, base + 2 * plane, base + 3 * plane, b);
    }
}
