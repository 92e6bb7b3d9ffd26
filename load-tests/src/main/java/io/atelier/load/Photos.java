package io.atelier.load;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
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
import java.util.List;
import java.util.stream.Stream;

/**
 * The photos a load run sends: every JPEG in a folder (the bundled {@code infra/samples/content}),
 * scaled at run time so that the longest side is each of the requested sizes, as JPEG (quality 0.9).
 */
public final class Photos {

    /**
     * One photo at one size.
     *
     * @param name  file name and size, such as {@code kitten.jpg@512}
     * @param side  longest side in pixels
     * @param jpeg  the encoded image
     */
    public record Photo(String name, int side, byte[] jpeg) {
    }

    private Photos() {
    }

    /** Every photo of the folder at every size: each photo at each size in turn, so consecutive jobs differ in size. */
    public static List<Photo> load(Path folder, List<Integer> sizes) {
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.getFileName().toString().toLowerCase().matches(".*\\.jpe?g")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list photos in " + folder, e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no .jpg photos in " + folder);
        }
        List<BufferedImage> images = new ArrayList<>();
        for (Path file : files) {
            try {
                BufferedImage image = ImageIO.read(file.toFile());
                if (image == null) {
                    throw new IllegalArgumentException("not an image: " + file);
                }
                images.add(image);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        List<Photo> photos = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            for (int side : sizes) {
                photos.add(new Photo(files.get(i).getFileName() + "@" + side, side, jpeg(scale(images.get(i), side))));
            }
        }
        return photos;
    }

    /** The image scaled (up or down) so that its longest side is {@code side}. */
    public static BufferedImage scale(BufferedImage image, int side) {
        double factor = (double) side / Math.max(image.getWidth(), image.getHeight());
        int width = Math.max(1, (int) Math.round(image.getWidth() * factor));
        int height = Math.max(1, (int) Math.round(image.getHeight() * factor));
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return scaled;
    }

    public static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
