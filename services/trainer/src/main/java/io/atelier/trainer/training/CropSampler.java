package io.atelier.trainer.training;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;

/**
 * Random square crops with random horizontal flips, as NCHW floats in [-1, 1]. The randomness of a
 * batch depends only on the seed and the step, so a resumed run draws the same crops as an
 * uninterrupted one.
 */
public final class CropSampler {

    private final List<BufferedImage> images;
    private final int cropSize;
    private final long seed;

    /**
     * @param images decoded RGB images; any smaller than the crop on its short side is scaled up once
     */
    public CropSampler(List<BufferedImage> images, int cropSize, long seed) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images to sample crops from");
        }
        this.images = images.stream().map(image -> atLeast(image, cropSize)).toList();
        this.cropSize = cropSize;
        this.seed = seed;
    }

    /** {@code batch} crops for the given step and stream (content or style), flattened NCHW. */
    public float[] batch(long step, int stream, int batch) {
        Random random = new Random(seed * 1_000_003L + step * 31 + stream);
        int plane = cropSize * cropSize;
        float[] data = new float[batch * 3 * plane];
        for (int b = 0; b < batch; b++) {
            BufferedImage image = images.get(random.nextInt(images.size()));
            int x0 = random.nextInt(image.getWidth() - cropSize + 1);
            int y0 = random.nextInt(image.getHeight() - cropSize + 1);
            boolean flip = random.nextBoolean();
            int[] rgb = image.getRGB(x0, y0, cropSize, cropSize, null, 0, cropSize);
            int offset = b * 3 * plane;
            for (int y = 0; y < cropSize; y++) {
                for (int x = 0; x < cropSize; x++) {
                    int pixel = rgb[y * cropSize + (flip ? cropSize - 1 - x : x)];
                    int i = y * cropSize + x;
                    data[offset + i] = ((pixel >> 16) & 0xff) / 127.5f - 1f;
                    data[offset + plane + i] = ((pixel >> 8) & 0xff) / 127.5f - 1f;
                    data[offset + 2 * plane + i] = (pixel & 0xff) / 127.5f - 1f;
                }
            }
        }
        return data;
    }

    public int cropSize() {
        return cropSize;
    }

    private static BufferedImage atLeast(BufferedImage image, int side) {
        int shortSide = Math.min(image.getWidth(), image.getHeight());
        BufferedImage rgb = image;
        if (shortSide < side || image.getType() != BufferedImage.TYPE_INT_RGB) {
            double scale = Math.max(1.0, (double) side / shortSide);
            int w = (int) Math.ceil(image.getWidth() * scale);
            int h = (int) Math.ceil(image.getHeight() * scale);
            rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = rgb.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, w, h, null);
            g.dispose();
        }
        return rgb;
    }
}
