package io.atelier.common.bench;

import ar.com.hjg.pngj.FilterType;
import io.atelier.common.image.Images;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The PNG encoders side by side in one process, on the bundled held-out photos (512 px) at the sizes
 * the pipeline encodes: the worker's outputs (256 and 512 px, packed RGB) and an upload ingest
 * normalises (3-byte RGB as a JPEG decodes; here 2 x 2 photos at their own resolution, 1024 px wide,
 * since the bundled photos are small and upscaling would smooth them). Rounds interleave the encoders,
 * so a slow minute of the machine does not land on one of them. Prints Markdown.
 *
 * <pre>./atelier bench png</pre>
 */
public final class PngEncoderBenchmark {

    record Encoder(String name, Function<BufferedImage, byte[]> encode) {
    }

    static final List<Encoder> ENCODERS = List.of(
            new Encoder("JDK ImageIO writer, deflate 1 (the encoder before PNGJ)", PngEncoderBenchmark::jdkWriter),
            new Encoder("PNGJ, no filter, deflate 1", image -> Images.png(image, FilterType.FILTER_NONE)),
            new Encoder("PNGJ, up filter, deflate 1 (`Images.png`)", Images::png),
            new Encoder("PNGJ, adaptive (fast), deflate 1", image -> Images.png(image, FilterType.FILTER_ADAPTIVE_FAST)),
            new Encoder("PNGJ, Paeth filter, deflate 1", image -> Images.png(image, FilterType.FILTER_PAETH)));

    /** Longest side, raster type, encodes of each image per encoder and round, and photos per side. */
    record Size(int side, int type, int repeats, int tiles) {
    }

    static final List<Size> SIZES = List.of(new Size(256, BufferedImage.TYPE_INT_RGB, 40, 1),
            new Size(512, BufferedImage.TYPE_INT_RGB, 12, 1), new Size(1024, BufferedImage.TYPE_3BYTE_BGR, 3, 2));
    static final int ROUNDS = 4;

    private PngEncoderBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        List<BufferedImage> originals = new ArrayList<>();
        try (Stream<Path> files = Files.list(holdout())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList()) {
                originals.add(ImageIO.read(file.toFile()));
            }
        }
        System.out.printf(Locale.ROOT, "%n%d held-out photos, %d rounds, %d CPU cores; milliseconds per image "
                + "(the fastest round) and mean bytes%n%n", originals.size(), ROUNDS,
                Runtime.getRuntime().availableProcessors());
        StringBuilder header = new StringBuilder("| encoder |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Size size : SIZES) {
            header.append(String.format(Locale.ROOT, " %d px ms | x JDK | %d px bytes | x JDK |", size.side(), size.side()));
            rule.append("---|---|---|---|");
        }
        System.out.println(header);
        System.out.println(rule);

        double[][] millis = new double[ENCODERS.size()][SIZES.size()];
        double[][] bytes = new double[ENCODERS.size()][SIZES.size()];
        for (double[] row : millis) {
            Arrays.fill(row, Double.MAX_VALUE);
        }
        for (int s = 0; s < SIZES.size(); s++) {
            Size size = SIZES.get(s);
            List<BufferedImage> photos = new ArrayList<>();
            for (int i = 0; i < originals.size(); i++) {
                photos.add(tiled(originals, i, size));
            }
            for (int round = 0; round < ROUNDS; round++) {
                for (int e = 0; e < ENCODERS.size(); e++) {
                    long total = 0;
                    long start = System.nanoTime();
                    for (int r = 0; r < size.repeats(); r++) {
                        for (BufferedImage photo : photos) {
                            total += ENCODERS.get(e).encode().apply(photo).length;
                        }
                    }
                    int encodes = size.repeats() * photos.size();
                    millis[e][s] = Math.min(millis[e][s], (System.nanoTime() - start) / 1e6 / encodes);
                    bytes[e][s] = (double) total / encodes;
                }
            }
        }
        for (int e = 0; e < ENCODERS.size(); e++) {
            StringBuilder row = new StringBuilder("| " + ENCODERS.get(e).name() + " |");
            for (int s = 0; s < SIZES.size(); s++) {
                row.append(String.format(Locale.ROOT, " %.2f | %.2f | %.0f | %.2f |", millis[e][s],
                        millis[e][s] / millis[0][s], bytes[e][s], bytes[e][s] / bytes[0][s]));
            }
            System.out.println(row);
        }
    }

    /** The encoder {@code Images.png} had until PNGJ: the JDK's writer at deflate level 1, into memory. */
    static byte[] jdkWriter(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            ImageWriteParam params = writer.getDefaultWriteParam();
            params.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            params.setCompressionQuality(1f - 1f / 9f);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), params);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** {@code tiles} x {@code tiles} photos from the {@code first}, each in a 3:2 cell, {@code side} wide. */
    private static BufferedImage tiled(List<BufferedImage> photos, int first, Size size) {
        int cellWidth = size.side() / size.tiles();
        int cellHeight = cellWidth * 2 / 3;
        BufferedImage image = new BufferedImage(size.side(), cellHeight * size.tiles(), size.type());
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            for (int cell = 0; cell < size.tiles() * size.tiles(); cell++) {
                g.drawImage(photos.get((first + cell) % photos.size()), cell % size.tiles() * cellWidth,
                        cell / size.tiles() * cellHeight, cellWidth, cellHeight, null);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static Path holdout() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path samples = dir.resolve("infra/samples/holdout");
            if (Files.isDirectory(samples)) {
                return samples;
            }
        }
        throw new IllegalStateException("no infra/samples/holdout in the working folder or any folder above it");
    }
}
