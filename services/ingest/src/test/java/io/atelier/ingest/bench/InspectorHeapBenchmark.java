package io.atelier.ingest.bench;

import io.atelier.ingest.IngestProblem;
import io.atelier.ingest.NormalisedImage;
import io.atelier.ingest.config.IngestConfig;
import io.atelier.ingest.validation.ImageInspector;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The heap ingest needs to normalise one upload of {@code max-pixels}: two 7744 x 5164 JPEGs (40 Mpx,
 * one smooth, one with fine texture), each inspected in a fresh JVM at a range of {@code -Xmx}, and
 * the bytes the inspection allocated. Run by {@code ./atelier bench ingest-heap}, which puts the test
 * classpath on the command line so the child JVMs can use it.
 */
public final class InspectorHeapBenchmark {

    private static final int WIDTH = 7744;
    private static final int HEIGHT = 5164;
    private static final int[] HEAPS_MIB = {160, 192, 224, 256, 288, 320, 384, 448, 512};

    private InspectorHeapBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("inspect")) {
            inspect(Path.of(args[1]));
            return;
        }
        Path dir = Files.createDirectories(Path.of("target/inspector-heap"));
        System.out.println("| upload | bytes | allocated by the inspection | smallest heap that normalised it | "
                + "answer with less |");
        System.out.println("|---|---|---|---|---|");
        for (int textureEvery : new int[]{0, 40}) {
            Path jpeg = dir.resolve(textureEvery == 0 ? "smooth.jpg" : "textured.jpg");
            Files.write(jpeg, photo(textureEvery));
            String allocated = "-";
            String smallest = "none up to " + HEAPS_MIB[HEAPS_MIB.length - 1] + " MiB";
            String below = "-";
            for (int heap : HEAPS_MIB) {
                String result = child(heap, jpeg);
                if (result.startsWith("ok ")) {
                    allocated = result.substring(3) + " MiB";
                    smallest = heap + " MiB";
                    break;
                }
                below = result + " at " + heap + " MiB";
            }
            System.out.printf("| %s | %d | %s | %s | %s |%n", jpeg.getFileName(), Files.size(jpeg), allocated,
                    smallest, below);
        }
    }

    /** A photo-like 40 Mpx JPEG at quality 0.85; {@code textureEvery} > 0 adds noise on every n-th row. */
    private static byte[] photo(int textureEvery) throws Exception {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        Random random = new Random(1);
        Graphics2D g = image.createGraphics();
        for (int i = 0; i < 4000; i++) {
            g.setColor(new Color(random.nextInt(0xffffff)));
            g.fillOval(random.nextInt(WIDTH), random.nextInt(HEIGHT), random.nextInt(800), random.nextInt(800));
        }
        g.dispose();
        for (int y = 0; textureEvery > 0 && y < HEIGHT; y += textureEvery) {
            for (int x = 0; x < WIDTH; x += 3) {
                image.setRGB(x, y, random.nextInt(0xffffff));
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            ImageWriteParam params = writer.getDefaultWriteParam();
            params.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            params.setCompressionQuality(0.85f);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), params);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** What the child JVM printed last: {@code ok <MiB allocated>}, or the answer it got. */
    private static String child(int heapMiB, Path jpeg) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + heapMiB + "m", "-Djava.awt.headless=true", "-cp",
                System.getProperty("java.class.path"), InspectorHeapBenchmark.class.getName(), "inspect",
                jpeg.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new String(process.getInputStream().readAllBytes()).lines().toList();
        process.waitFor(5, TimeUnit.MINUTES);
        return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
    }

    private static void inspect(Path jpeg) throws Exception {
        byte[] bytes = Files.readAllBytes(jpeg);
        IngestConfig config = (IngestConfig) Proxy.newProxyInstance(IngestConfig.class.getClassLoader(),
                new Class<?>[]{IngestConfig.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "maxPixels", "decodePixels" -> 40_000_000L;
                    case "decodeWait" -> Duration.ofSeconds(10);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        try {
            NormalisedImage image = new ImageInspector(config).inspect(bytes);
            System.out.println("ok " + ((threads.getCurrentThreadAllocatedBytes() - before) >> 20)
                    + (image.width() == WIDTH ? "" : " (wrong width " + image.width() + ")"));
        } catch (IngestProblem problem) {
            System.out.println(problem.problem().status() + " " + problem.problem().title());
        } catch (OutOfMemoryError e) {
            System.out.println("OutOfMemoryError");
        }
    }
}
