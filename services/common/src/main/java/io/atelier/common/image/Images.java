package io.atelier.common.image;

import ar.com.hjg.pngj.FilterType;
import ar.com.hjg.pngj.ImageInfo;
import ar.com.hjg.pngj.ImageLineByte;
import ar.com.hjg.pngj.PngWriter;
import ar.com.hjg.pngj.PngjException;
import org.apache.commons.io.output.UnsynchronizedByteArrayOutputStream;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;

/** The pipeline's one idea of a normal image: opaque 8-bit sRGB, stored as PNG. */
public final class Images {

    private Images() {
    }

    /** Any colour model, bit depth or alpha as opaque 8-bit RGB; transparency goes onto white. */
    public static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    /**
     * Whether the heap ran out on the way to this failure: the JDK's image code reports that as a cause
     * (the PNG decoder wraps it in an {@code IIOException}) or only as a suppressed error behind a
     * follow-on one (an ImageIO writer's stream), either of which would otherwise read as bad data.
     */
    public static boolean ranOutOfHeap(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (ranOutOfHeap(suppressed)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * PNG at deflate level 1 with every row "up"-filtered, through PNGJ: encoding is a fixed cost of
     * every job, and on photos this takes 0.60 to 0.66 of the JDK writer's time at level 1 (which does
     * not filter there) for 17 to 24 % fewer bytes (BENCHMARKS.md, "PNG encoding"). Written into a
     * stream that grows by adding buffers, since a doubling copy was ingest's peak for large uploads.
     */
    public static byte[] png(BufferedImage image) {
        return png(image, FilterType.FILTER_UP);
    }

    /** {@link #png(BufferedImage)} with another row filter (the benchmark compares them). */
    public static byte[] png(BufferedImage image, FilterType filter) {
        BufferedImage rgb = image.getType() == BufferedImage.TYPE_3BYTE_BGR ? image : toRgb(image);
        try (UnsynchronizedByteArrayOutputStream out = UnsynchronizedByteArrayOutputStream.builder().get()) {
            PngWriter writer = new PngWriter(out, new ImageInfo(rgb.getWidth(), rgb.getHeight(), 8, false));
            writer.setFilterType(filter);
            writer.setCompLevel(Deflater.BEST_SPEED);
            writeRows(rgb, writer);
            // closes the writer; after a failure it is left open, since closing would flush into the
            // stream that failed and hide the heap running out (the JDK's deflater frees itself)
            writer.end();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode PNG", e);
        } catch (PngjException e) {
            throw new UncheckedIOException("cannot encode PNG", new IOException(e));
        }
    }

    private static void writeRows(BufferedImage rgb, PngWriter writer) {
        int width = rgb.getWidth();
        ImageLineByte line = new ImageLineByte(writer.imgInfo);
        byte[] samples = line.getScanline();
        int[] packed = rgb.getType() == BufferedImage.TYPE_INT_RGB ? new int[width] : null;
        for (int y = 0; y < rgb.getHeight(); y++) {
            if (packed == null) {
                // a 3-byte raster gives its samples in band order: R, G, B
                rgb.getRaster().getDataElements(0, y, width, 1, samples);
            } else {
                rgb.getRaster().getDataElements(0, y, width, 1, packed);
                for (int x = 0; x < width; x++) {
                    int pixel = packed[x];
                    samples[3 * x] = (byte) (pixel >> 16);
                    samples[3 * x + 1] = (byte) (pixel >> 8);
                    samples[3 * x + 2] = (byte) pixel;
                }
            }
            writer.writeRow(line);
        }
    }
}
