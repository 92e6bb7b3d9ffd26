package io.atelier.trainer.training;

import java.util.Random;

/**
 * The colours of the style, as a ring of pixels drawn from the style crops of recent steps. One batch
 * of crops shows a corner of a painting (a patch of sky); the colour loss needs the whole painting's
 * distribution, which the last {@value #TURNOVER} batches approximate. Plain arrays: nothing native.
 */
final class StylePalette {

    /** Pixels kept. */
    static final int CAPACITY = 1 << 18;
    /** Each batch adds {@code CAPACITY / TURNOVER} pixels at most, so the ring spans that many batches. */
    static final int TURNOVER = 16;

    private final float[][] channels = new float[3][CAPACITY];
    private int filled;
    private int next;

    /** Adds random pixels of NCHW RGB crops ({@code count} images of {@code plane} pixels). */
    void add(float[] crops, int count, int plane, Random random) {
        int pixels = count * plane;
        for (int i = Math.min(pixels, CAPACITY / TURNOVER); i > 0; i--) {
            int pixel = random.nextInt(pixels);
            int base = pixel / plane * 3 * plane + pixel % plane;
            for (int c = 0; c < 3; c++) {
                channels[c][next] = crops[base + c * plane];
            }
            next = (next + 1) % CAPACITY;
            filled = Math.min(CAPACITY, filled + 1);
        }
    }

    /** Forgets every colour, as when a run resumes from a checkpoint. */
    void clear() {
        filled = 0;
        next = 0;
    }

    /** {@code count} pixels drawn with replacement, as a (3, count) row-major array. */
    float[] sample(int count, Random random) {
        if (filled == 0) {
            throw new IllegalStateException("the palette is empty: add style crops first");
        }
        float[] sample = new float[3 * count];
        for (int i = 0; i < count; i++) {
            int pixel = random.nextInt(filled);
            for (int c = 0; c < 3; c++) {
                sample[c * count + i] = channels[c][pixel];
            }
        }
        return sample;
    }
}
