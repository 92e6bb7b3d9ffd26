package io.atelier.generator.evaluation;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * The quality statistics of a styled photo, for the trainer's quality test, the evaluation of every
 * published model and {@code ./atelier eval}: pure image arithmetic (no model, no engine).
 *
 * <ul>
 *   <li><b>Colour distance</b>: total variation distance between the images' normalised RGB
 *       histograms (8 bins per channel, 512 cells): half the L1 difference, 0 for the same colour
 *       distribution, 1 for disjoint ones. A styled photo should move towards the painting's palette.</li>
 *   <li><b>Structure</b>: SSIM of luminance (Rec. 601 luma), mean over 8x8 windows with stride 4,
 *       the usual constants for 8-bit data. It compares local means, contrasts and correlation,
 *       so recolouring and texture lower it but the photo's edges and shapes keep it well above
 *       that of an unrelated image.</li>
 *   <li><b>Border ratio</b>: local contrast (mean absolute 4-neighbour Laplacian of luminance) in the
 *       outer {@value #BORDER} pixels relative to the interior, for the output divided by the same for
 *       the input. 1 means the border is treated like the interior; a generator whose convolutions see
 *       zeros beyond the edge paints a bright or dark frame there, which raises it.</li>
 *   <li><b>Black level</b>: the 5th percentile of luminance (0 to 255). Styling that lifts the
 *       blacks of a photo to grey raises it; the painting's own is the reference.</li>
 * </ul>
 * The texture distance, which needs a (fixed, random) network, is {@link TextureStatistics}.
 */
public final class QualityMetrics {

    /** Width of the border band, in pixels: a little more than the frame zero padding paints. */
    public static final int BORDER = 4;

    private QualityMetrics() {
    }

    public static double colourDistance(BufferedImage a, BufferedImage b) {
        double[] ha = histogram(a);
        double[] hb = histogram(b);
        double sum = 0;
        for (int i = 0; i < ha.length; i++) {
            sum += Math.abs(ha[i] - hb[i]);
        }
        return sum / 2;
    }

    public static double luminanceSsim(BufferedImage a, BufferedImage b) {
        int w = Math.min(a.getWidth(), b.getWidth());
        int h = Math.min(a.getHeight(), b.getHeight());
        double[][] la = luma(a, w, h);
        double[][] lb = luma(b, w, h);
        double c1 = Math.pow(0.01 * 255, 2);
        double c2 = Math.pow(0.03 * 255, 2);
        double total = 0;
        int windows = 0;
        for (int y = 0; y + 8 <= h; y += 4) {
            for (int x = 0; x + 8 <= w; x += 4) {
                double ma = 0;
                double mb = 0;
                for (int j = 0; j < 8; j++) {
                    for (int i = 0; i < 8; i++) {
                        ma += la[y + j][x + i];
                        mb += lb[y + j][x + i];
                    }
                }
                ma /= 64;
                mb /= 64;
                double va = 0;
                double vb = 0;
                double cov = 0;
                for (int j = 0; j < 8; j++) {
                    for (int i = 0; i < 8; i++) {
                        double da = la[y + j][x + i] - ma;
                        double db = lb[y + j][x + i] - mb;
                        va += da * da;
                        vb += db * db;
                        cov += da * db;
                    }
                }
                va /= 63;
                vb /= 63;
                cov /= 63;
                total += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
                windows++;
            }
        }
        return total / windows;
    }

    public static double borderRatio(BufferedImage input, BufferedImage output) {
        return borderContrast(output) / borderContrast(input);
    }

    public static double blackLevel(BufferedImage image) {
        double[][] luma = luma(image, image.getWidth(), image.getHeight());
        double[] all = Arrays.stream(luma).flatMapToDouble(Arrays::stream).sorted().toArray();
        return all[(int) (0.05 * (all.length - 1))];
    }

    /** Mean |Laplacian| of luminance in the border band over that in the interior (edges replicated). */
    private static double borderContrast(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        double[][] l = luma(image, w, h);
        double border = 0;
        double interior = 0;
        int borderPixels = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double laplacian = Math.abs(l[Math.max(y - 1, 0)][x] + l[Math.min(y + 1, h - 1)][x]
                        + l[y][Math.max(x - 1, 0)] + l[y][Math.min(x + 1, w - 1)] - 4 * l[y][x]);
                if (x < BORDER || y < BORDER || x >= w - BORDER || y >= h - BORDER) {
                    border += laplacian;
                    borderPixels++;
                } else {
                    interior += laplacian;
                }
            }
        }
        return (border / borderPixels) / (interior / (w * h - borderPixels));
    }

    private static double[] histogram(BufferedImage image) {
        double[] histogram = new double[512];
        int n = image.getWidth() * image.getHeight();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                histogram[(((rgb >> 21) & 7) << 6) | (((rgb >> 13) & 7) << 3) | ((rgb >> 5) & 7)] += 1.0 / n;
            }
        }
        return histogram;
    }

    /** Rec. 601 luminance (0 to 255) of each pixel, rows first. */
    public static double[][] luma(BufferedImage image, int w, int h) {
        double[][] luma = new double[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                luma[y][x] = 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
            }
        }
        return luma;
    }
}
