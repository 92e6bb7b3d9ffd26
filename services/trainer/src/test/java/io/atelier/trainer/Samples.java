package io.atelier.trainer;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The repository's own sample images ({@code infra/samples}: {@code content/} to train on, {@code holdout/}
 * that nothing trains on, {@code styles/}), so that tests and benchmarks run on any clone without data
 * from outside it. Found by walking up from the working directory, which is the module's directory
 * under Maven and may be the repository root elsewhere.
 */
public final class Samples {

    public static final Path ROOT = locate(Path.of("").toAbsolutePath());
    public static final Path CONTENT = ROOT.resolve("content");
    public static final Path HOLDOUT = ROOT.resolve("holdout");
    public static final Path STYLES = ROOT.resolve("styles");
    public static final Path STARRY_NIGHT = STYLES.resolve("vangogh_starry_night.jpg");

    private Samples() {
    }

    /** The JPEG files of a folder, sorted by name. */
    public static List<Path> files(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first {@code count} images of a folder, by name. */
    public static List<BufferedImage> images(Path folder, int count) {
        List<BufferedImage> images = new ArrayList<>();
        for (Path file : files(folder).stream().limit(count).toList()) {
            images.add(read(file));
        }
        return images;
    }

    /** Every image of a folder, by name. */
    public static List<BufferedImage> images(Path folder) {
        return images(folder, Integer.MAX_VALUE);
    }

    public static BufferedImage read(Path file) {
        try {
            return ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path locate(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path samples = dir.resolve("infra/samples");
            if (Files.isDirectory(samples.resolve("content"))) {
                return samples;
            }
        }
        throw new IllegalStateException("no infra/samples in " + start + " or any folder above it");
    }
}
