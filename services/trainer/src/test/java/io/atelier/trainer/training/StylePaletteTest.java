package io.atelier.trainer.training;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /** Paints image {@code image} of NCHW crops of {@code plane} pixels one colour. */
    private static void fill(float[] crops, int plane, int image, float r, float g, float b) {
        int base = image * 3 * plane;
        Arrays.fill(crops, base, base + plane, r);
        Arrays.fill(crops, base + plane, base + 2 * plane, g);
        Arrays.fill(crops, base + 2 * plane, base + 3 * plane, b);
    }
}
