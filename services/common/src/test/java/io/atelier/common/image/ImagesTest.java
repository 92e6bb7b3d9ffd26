package io.atelier.common.image;

import org.junit.jupiter.api.Test;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ImagesTest {

    @Test
    void runningOutOfHeapIsToldFromBadDataWhereverTheJdkPutsTheError() {
        OutOfMemoryError outOfHeap = new OutOfMemoryError("Java heap space");
        IndexOutOfBoundsException followOn = new IndexOutOfBoundsException("pos < flushedPos!");
        followOn.addSuppressed(outOfHeap);

        assertThat(Images.ranOutOfHeap(outOfHeap)).isTrue();
        assertThat(Images.ranOutOfHeap(new IIOException("Caught exception during read: ", outOfHeap)))
                .as("the PNG decoder's way").isTrue();
        assertThat(Images.ranOutOfHeap(followOn)).as("an ImageIO writer's way").isTrue();
        assertThat(Images.ranOutOfHeap(new IIOException("Unsupported Image Type"))).isFalse();
        assertThat(Images.ranOutOfHeap(new IndexOutOfBoundsException("pos < flushedPos!"))).isFalse();
    }

    /** Every raster the pipeline hands over comes back pixel for pixel, as opaque RGB. */
    @Test
    void pngKeepsEveryPixelOfEachKindOfImage() throws Exception {
        Random random = new Random(7);
        BufferedImage packed = randomImage(61, 37, BufferedImage.TYPE_INT_RGB, random);
        List<BufferedImage> images = List.of(packed, randomImage(61, 37, BufferedImage.TYPE_3BYTE_BGR, random),
                randomImage(61, 37, BufferedImage.TYPE_INT_ARGB, random),
                randomImage(61, 37, BufferedImage.TYPE_BYTE_GRAY, random), packed.getSubimage(5, 3, 40, 30));

        for (BufferedImage image : images) {
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(Images.png(image)));
            BufferedImage expected = Images.toRgb(image);
            assertThat(decoded.getColorModel().hasAlpha()).isFalse();
            assertThat(decoded.getRGB(0, 0, decoded.getWidth(), decoded.getHeight(), null, 0, decoded.getWidth()))
                    .as("type %d, %dx%d", image.getType(), image.getWidth(), image.getHeight())
                    .containsExactly(expected.getRGB(0, 0, expected.getWidth(), expected.getHeight(), null, 0,
                            expected.getWidth()));
        }
    }

    private static BufferedImage randomImage(int width, int height, int type, Random random) {
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return image;
    }

    /**
     * Callers must see the heap run out, never a broken image (the JDK's PNG writer, used until PNGJ,
     * threw only the follow-on error of its stream's seek at 24 to 32 MiB). Fresh JVMs at small heaps,
     * since the failure needs a real shortage.
     */
    @Test
    void encodingOutOfHeapIsReportedAsOutOfHeapAtEveryHeapSize() throws Exception {
        List<String> results = new ArrayList<>();
        for (int heapMiB : new int[]{16, 20, 24, 28, 32, 36, 40, 48}) {
            Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heapMiB + "m", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                    EncodeProbe.class.getName()).redirectErrorStream(true).start();
            String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(probe.waitFor()).as("probe at %d MiB: %s", heapMiB, output).isZero();
            results.add(output);
        }

        assertThat(results).allSatisfy(result -> assertThat(result)
                .matches("encoded|out of heap|no room for the image"));
        assertThat(results).as("some heaps run out while encoding").contains("out of heap");
        assertThat(results).as("the largest does not").endsWith("encoded");
    }

    /** Encodes 1600 x 1600 random pixels (10 MiB as ints, a 7.7 MB PNG) and says how it went. */
    static final class EncodeProbe {
        public static void main(String[] args) {
            BufferedImage image;
            try {
                ImageIO.getImageWritersByFormatName("png").next();
                image = new BufferedImage(1600, 1600, BufferedImage.TYPE_INT_RGB);
            } catch (OutOfMemoryError e) {
                System.out.println("no room for the image");
                return;
            }
            int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
            Random random = new Random(1);
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = random.nextInt();
            }
            try {
                Images.png(image);
                System.out.println("encoded");
            } catch (OutOfMemoryError e) {
                System.out.println("out of heap");
            } catch (RuntimeException e) {
                System.out.println(e);
            }
        }
    }
}
