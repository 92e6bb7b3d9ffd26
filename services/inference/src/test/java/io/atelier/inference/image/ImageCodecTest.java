package io.atelier.inference.image;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.assertj.core.api.Assertions.assertThat;

class ImageCodecTest {

    @Test
    void sidesBecomeMultiplesOfFourWithinTheLimitAndNoSmallerThanTheContractsMinimum() {
        assertThat(size(ImageCodec.fitForModel(image(1030, 500), 1024))).isEqualTo("1024x496");
        assertThat(size(ImageCodec.fitForModel(image(5, 3), 1024))).as("scaled up to the minimum").isEqualTo("8x8");
        assertThat(size(ImageCodec.fitForModel(image(64, 6), 1024))).isEqualTo("64x8");
        BufferedImage fits = image(16, 12);
        assertThat(ImageCodec.fitForModel(fits, 1024)).isSameAs(fits);
    }

    private static BufferedImage image(int width, int height) {
        return new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    }

    private static String size(BufferedImage image) {
        return image.getWidth() + "x" + image.getHeight();
    }
}
