package io.atelier.inference.image;

import io.atelier.common.image.DecodeBudget;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ImageCodecTest {

    private static final DecodeBudget UNBOUNDED = new DecodeBudget(Integer.MAX_VALUE);

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

        BufferedImage decoded = ImageCodec.decode(upload, 1024, UNBOUNDED).orElseThrow();

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

        BufferedImage decoded = ImageCodec.decode(upload, 1500, UNBOUNDED).orElseThrow();

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

        assertThat(size(ImageCodec.decode(upload, 1024, UNBOUNDED).orElseThrow())).isEqualTo("1500x900");
        assertThat(size(ImageCodec.decode(upload, 512, UNBOUNDED).orElseThrow())).isEqualTo("750x450");
    }

    /**
     * A decode takes the pixels it will decode (subsampled: 750 x 450 of a 1500 x 900 upload fitted to
     * 512 px) from the budget before it starts, so it waits while others hold them, and gives them back.
     */
    @Test
    void aDecodeWaitsForItsDecodedPixelsInTheBudgetAndGivesThemBack() throws Exception {
        byte[] upload = ImageCodec.encode(halves(1500, 900), OutputFormat.PNG);
        DecodeBudget budget = new DecodeBudget(1_000_000);
        assertThat(ImageCodec.decode(upload, 512, budget)).isPresent();
        assertThat(budget.available()).as("given back").isEqualTo(1_000_000);

        CompletableFuture<Optional<BufferedImage>> decoded;
        try (DecodeBudget.Permit others = budget.acquire(1_000_000 - 750 * 450 + 1)) {
            decoded = CompletableFuture.supplyAsync(() -> ImageCodec.decode(upload, 512, budget));
            while (!budget.hasWaiting()) {
                assertThat(decoded).as("a decode short of pixels").isNotDone();
                Thread.sleep(5);
            }
            assertThat(decoded).as("one pixel short").isNotDone();
        }
        assertThat(decoded.get(30, TimeUnit.SECONDS)).isPresent();
        assertThat(budget.available()).isEqualTo(1_000_000);
    }

    @Test
    void bytesThatAreNoImageDecodeToNothing() {
        assertThat(ImageCodec.decode("not an image".getBytes(), 1024, UNBOUNDED)).isEmpty();
        assertThat(ImageCodec.decode(new byte[0], 1024, UNBOUNDED)).isEmpty();
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
