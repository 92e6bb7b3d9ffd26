package io.atelier.inference.image;

import io.atelier.schemas.events.OutputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;

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

    /**
     * A 15 Mpx upload fitted to 1024 px: decoded whole it would take over 100 MB of heap (the decoder's
     * raster, then packed RGB); read every fourth pixel of every fourth row it takes about 7 MB.
     */
    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void aLargeUploadIsReadSubsampledYetKeepsItsPictureAndAtLeastTheSideItIsFittedTo(OutputFormat format) {
        byte[] upload = ImageCodec.encode(halves(4800, 3200), format);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        BufferedImage decoded = ImageCodec.decode(upload, 1024).orElseThrow();

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated while decoding").isLessThan(32L << 20);
        assertThat(size(decoded)).isEqualTo("1200x800");
        assertThat(size(ImageCodec.fitForModel(decoded, 1024))).isEqualTo("1024x680");
        assertThat(new Color(decoded.getRGB(100, 400)).getRed()).as("left half red").isGreaterThan(200);
        assertThat(new Color(decoded.getRGB(1100, 400)).getBlue()).as("right half blue").isGreaterThan(200);
    }

    @ParameterizedTest
    @EnumSource(OutputFormat.class)
    void photosDecodeIntoPackedRgbWithTheSamePixelsAsTheJdksDecoder(OutputFormat format) throws Exception {
        BufferedImage photo = halves(1500, 900);
        photo.setRGB(700, 400, 0x123456);
        byte[] upload = ImageCodec.encode(photo, format);

        BufferedImage decoded = ImageCodec.decode(upload, 1500).orElseThrow();

        assertThat(decoded.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        BufferedImage reference = ImageIO.read(new ByteArrayInputStream(upload));
        for (int[] at : new int[][]{{0, 0}, {700, 400}, {749, 450}, {750, 450}, {1499, 899}}) {
            assertThat(decoded.getRGB(at[0], at[1]) & 0xffffff).as("pixel %d,%d", at[0], at[1])
                    .isEqualTo(reference.getRGB(at[0], at[1]) & 0xffffff);
        }
    }

    @Test
    void anImageWithinTheSideIsReadWhole() {
        byte[] upload = ImageCodec.encode(halves(1500, 900), OutputFormat.PNG);

        assertThat(size(ImageCodec.decode(upload, 1024).orElseThrow())).isEqualTo("1500x900");
        assertThat(size(ImageCodec.decode(upload, 512).orElseThrow())).isEqualTo("750x450");
    }

    @Test
    void bytesThatAreNoImageDecodeToNothing() {
        assertThat(ImageCodec.decode("not an image".getBytes(), 1024)).isEmpty();
        assertThat(ImageCodec.decode(new byte[0], 1024)).isEmpty();
    }

    private static BufferedImage halves(int width, int height) {
        BufferedImage image = image(width, height);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, width / 2, height);
        g.setColor(Color.BLUE);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        return image;
    }

    private static BufferedImage image(int width, int height) {
        return new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    }

    private static String size(BufferedImage image) {
        return image.getWidth() + "x" + image.getHeight();
    }
}
