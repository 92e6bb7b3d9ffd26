package io.atelier.common.image;

import org.junit.jupiter.api.Test;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
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
        assertThat(Images.ranOutOfHeap(followOn)).as("the PNG encoder's way").isTrue();
        assertThat(Images.ranOutOfHeap(new IIOException("Unsupported Image Type"))).isFalse();
        assertThat(Images.ranOutOfHeap(new IndexOutOfBoundsException("pos < flushedPos!"))).isFalse();
    }

    /**
     * The JDK's PNG writer, out of heap, can throw only the follow-on error of its stream's seek (here at
     * 24 to 32 MiB, before {@code Images.png} said so): callers must see the heap, never a broken image.
     * Fresh JVMs at small heaps, since the failure needs a real shortage.
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
