package io.atelier.ingest.validation;

import io.atelier.common.image.DecodeBudget;
import io.atelier.common.image.Images;
import io.atelier.ingest.IngestProblem;
import io.atelier.ingest.NormalisedImage;
import io.atelier.ingest.config.IngestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Valid but unusual images come out as upright 8-bit sRGB PNGs. */
class ImageInspectorTest {

    private final ImageInspector inspector = new ImageInspector(new Limits());

    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({
            // orientation, width and height after turning, corner that the red left half ends up in
            "1, 40, 20, top-left",
            "3, 40, 20, bottom-right",
            "6, 20, 40, top-right",
            "8, 20, 40, bottom-left",
    })
    void exifOrientationIsApplied(int orientation, int width, int height, String redCorner) throws Exception {
        BufferedImage stored = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = stored.createGraphics();
        g.setColor(Color.BLUE);
        g.fillRect(0, 0, 40, 20);
        g.setColor(Color.RED);
        g.fillRect(0, 0, 20, 20);
        g.dispose();

        BufferedImage upright = decode(inspector.inspect(withExifOrientation(encode(stored, "jpeg"), orientation)));

        assertThat(upright.getWidth()).isEqualTo(width);
        assertThat(upright.getHeight()).isEqualTo(height);
        int x = redCorner.endsWith("left") ? 2 : width - 3;
        int y = redCorner.startsWith("top") ? 2 : height - 3;
        Color corner = new Color(upright.getRGB(x, y));
        assertThat(corner.getRed()).as("red at %s", redCorner).isGreaterThan(200);
        assertThat(corner.getBlue()).isLessThan(60);
    }

    /**
     * A decoded image that is already opaque 8-bit sRGB is encoded without the packed copy: the stored
     * PNG must hold the very pixels the packed copy would have.
     */
    @ParameterizedTest
    @CsvSource({"jpeg", "png"})
    void anEightBitRgbImageKeepsItsPixelsExactly(String format) throws Exception {
        BufferedImage photo = new BufferedImage(48, 32, BufferedImage.TYPE_3BYTE_BGR);
        Random random = new Random(3);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 48; x++) {
                photo.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        byte[] upload = encode(photo, format);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(upload));
        assertThat(decoded.getType()).as("the case this test is about").isEqualTo(BufferedImage.TYPE_3BYTE_BGR);

        BufferedImage stored = decode(inspector.inspect(upload));

        BufferedImage reference = Images.toRgb(decoded);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 48; x++) {
                assertThat(stored.getRGB(x, y)).as("pixel %d,%d", x, y).isEqualTo(reference.getRGB(x, y));
            }
        }
    }

    @Test
    void sixteenBitGreyBecomesEightBitRgb() throws Exception {
        BufferedImage grey16 = new BufferedImage(10, 6, BufferedImage.TYPE_USHORT_GRAY);
        grey16.getRaster().setSample(3, 2, 0, 65535);

        NormalisedImage image = inspector.inspect(encode(grey16, "png"));

        BufferedImage normalised = decode(image);
        assertThat(normalised.getColorModel().getNumComponents()).isEqualTo(3);
        assertThat(normalised.getColorModel().getComponentSize(0)).isEqualTo(8);
        assertThat(normalised.getRGB(3, 2) & 0xffffff).isEqualTo(0xffffff);
        assertThat(normalised.getRGB(0, 0) & 0xffffff).isEqualTo(0);
    }

    @Test
    void anAdobeCmykJpegIsConvertedToRgb() throws Exception {
        // Adobe's CMYK JPEGs store ink inverted (255 = none): cyan ink on the left half, none on the right
        BufferedImage normalised = decode(inspector.inspect(adobeJpeg(0)));

        assertThat(normalised.getColorModel().getNumComponents()).isEqualTo(3);
        Color inked = new Color(normalised.getRGB(3, 4));
        Color bare = new Color(normalised.getRGB(12, 4));
        assertThat(bare.getRed() + bare.getGreen() + bare.getBlue()).as("no ink is white: %s", bare)
                .isGreaterThan(3 * 230);
        assertThat(inked.getRed()).as("cyan ink takes the red away: %s", inked).isLessThan(100);
        assertThat(inked.getBlue()).as("but not the blue: %s", inked).isGreaterThan(180);
    }

    @Test
    void anAdobeYcckJpegIsAcceptedAsRgb() throws Exception {
        NormalisedImage image = inspector.inspect(adobeJpeg(2));

        assertThat(decode(image).getColorModel().getNumComponents()).isEqualTo(3);
        assertThat(image.width()).isEqualTo(16);
    }

    /**
     * A four-channel JPEG with an APP14 "Adobe" segment whose colour transform says what the channels
     * are: 0 for CMYK, 2 for YCCK. Without the segment a reader may take them for RGBA.
     */
    private static byte[] adobeJpeg(int transform) throws IOException {
        WritableRaster channels = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 8, 4, null);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                channels.setPixel(x, y, new int[]{x < 8 ? 0 : 255, 255, 255, 255});
            }
        }
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(jpeg)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(channels, null, null), writer.getDefaultWriteParam());
        } finally {
            writer.dispose();
        }
        byte[] adobe = ByteBuffer.allocate(12).put(new byte[]{'A', 'd', 'o', 'b', 'e'}).putShort((short) 100)
                .putShort((short) 0).putShort((short) 0).put((byte) transform).array();
        return withSegment(jpeg.toByteArray(), 0xee, adobe);
    }

    @Test
    void transparencyIsFlattenedOntoWhite() throws Exception {
        BufferedImage rgba = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        rgba.setRGB(1, 1, 0xff00ff00);

        BufferedImage normalised = decode(inspector.inspect(encode(rgba, "png")));

        assertThat(normalised.getColorModel().hasAlpha()).isFalse();
        assertThat(normalised.getRGB(0, 0) & 0xffffff).isEqualTo(0xffffff);
        assertThat(normalised.getRGB(1, 1) & 0xffffff).isEqualTo(0x00ff00);
    }

    @Test
    void ofAnAnimatedGifTheFirstFrameIsTaken() throws Exception {
        ByteArrayOutputStream gif = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(gif)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (Color colour : new Color[]{Color.RED, Color.BLUE}) {
                BufferedImage frame = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = frame.createGraphics();
                g.setColor(colour);
                g.fillRect(0, 0, 8, 8);
                g.dispose();
                writer.writeToSequence(new IIOImage(frame, null, writer.getDefaultImageMetadata(
                        ImageTypeSpecifier.createFromRenderedImage(frame), null)), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }

        BufferedImage first = decode(inspector.inspect(gif.toByteArray()));

        assertThat(new Color(first.getRGB(4, 4)).getRed()).isGreaterThan(200);
        assertThat(new Color(first.getRGB(4, 4)).getBlue()).isLessThan(60);
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).as("a %s writer", format).isTrue();
        return out.toByteArray();
    }

    private static BufferedImage decode(NormalisedImage image) throws IOException {
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.png()));
        assertThat(decoded.getWidth()).isEqualTo(image.width());
        assertThat(decoded.getHeight()).isEqualTo(image.height());
        return decoded;
    }

    /**
     * The JPEG with an APP1 Exif segment holding a big-endian TIFF header and one IFD with only the
     * orientation tag, as a camera writes it.
     */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4);
        tiff.put(new byte[]{'M', 'M', 0, 42}).putInt(8);            // header, first IFD at offset 8
        tiff.putShort((short) 1);                                    // one entry
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1)  // Orientation, SHORT, count 1
                .putShort((short) orientation).putShort((short) 0);  // value, padded to 4 bytes
        tiff.putInt(0);                                              // no next IFD
        return withSegment(jpeg, 0xe1, ByteBuffer.allocate(6 + tiff.capacity())
                .put(new byte[]{'E', 'x', 'i', 'f', 0, 0}).put(tiff.array()).array());
    }

    /** The JPEG with an application segment (marker 0xFFxx) inserted right after its start marker. */
    static byte[] withSegment(byte[] jpeg, int marker, byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 4 + payload.length);
        out.put(jpeg, 0, 2);                                         // SOI
        out.put((byte) 0xff).put((byte) marker).putShort((short) (payload.length + 2)).put(payload);
        out.put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }

    /**
     * Uploads take turns for the pixels the gateway decodes at once; one that waits longer than
     * {@code decode-wait} is answered 503 with a Retry-After, and an upload larger than the whole
     * budget still goes through alone.
     */
    @Test
    void anUploadThatCannotGetItsPixelsInTimeIsAnsweredBusyAndOneLargerThanTheBudgetGoesAlone() throws Exception {
        DecodeBudget budget = new DecodeBudget(1000);
        ImageInspector bounded = new ImageInspector(new Limits(), budget);
        byte[] upload = encode(new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB), "png");

        try (DecodeBudget.Permit others = budget.acquire(201)) {
            assertThatThrownBy(() -> bounded.inspect(upload)).isInstanceOfSatisfying(IngestProblem.class, problem -> {
                assertThat(problem.problem().status()).isEqualTo(503);
                assertThat(problem.toResponse().getHeaderString("Retry-After")).isEqualTo("1");
                assertThat(problem.problem().detail()).contains("decodes at once (1000)");
            });
        }
        assertThat(bounded.inspect(upload).width()).isEqualTo(40);
        byte[] larger = encode(new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB), "png");
        assertThat(bounded.inspect(larger).height()).as("1600 px against a budget of 1000").isEqualTo(40);
        assertThat(budget.available()).isEqualTo(1000);
    }

    /** The service's default limits. */
    private static final class Limits implements IngestConfig {
        @Override
        public long maxImageBytes() {
            return 10 << 20;
        }

        @Override
        public long maxRequestBytes() {
            return 11 << 20;
        }

        @Override
        public long maxPixels() {
            return 40_000_000;
        }

        @Override
        public long decodePixels() {
            return 40_000_000;
        }

        @Override
        public Duration decodeWait() {
            return Duration.ofMillis(200);
        }

        @Override
        public Duration outputUrlExpiry() {
            return Duration.ofMinutes(15);
        }

        @Override
        public Duration brokerTimeout() {
            return Duration.ofSeconds(10);
        }

        @Override
        public int uploadsPerMinute() {
            return 60;
        }

        @Override
        public Queue queue() {
            throw new UnsupportedOperationException("the inspector does not read the queue's bound");
        }

        @Override
        public String contentCorpus() {
            return "samples";
        }

        @Override
        public Map<String, ApiKey> apiKeys() {
            return Map.of();
        }
    }
}
