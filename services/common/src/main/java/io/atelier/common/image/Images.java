package io.atelier.common.image;

import org.apache.commons.io.output.UnsynchronizedByteArrayOutputStream;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
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
     * follow-on one (the PNG encoder's stream), either of which would otherwise read as bad data.
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
     * PNG at deflate level 1 ({@link Deflater#BEST_SPEED}) instead of the JDK writer's default 4:
     * encoding is a fixed cost of every job, and on photos level 1 is faster for about the same size
     * (see the encode stage in BENCHMARKS.md, "Inference"). Written through a memory stream: the stream
     * {@code ImageIO.createImageOutputStream} returns spools every image through a temporary file; one
     * that grows by adding buffers, since a doubling copy was ingest's peak for large uploads.
     *
     * @throws OutOfMemoryError when the heap runs out, also where the JDK's writer reports only a
     *                          follow-on error of its own stream
     */
    public static byte[] png(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (UnsynchronizedByteArrayOutputStream out = UnsynchronizedByteArrayOutputStream.builder().get();
             ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            ImageWriteParam params = writer.getDefaultWriteParam();
            params.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            // the JDK's PNG writer uses deflate level 9 - round(9 * quality)
            params.setCompressionQuality(1f - Deflater.BEST_SPEED / 9f);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), params);
            stream.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode PNG", e);
        } catch (IndexOutOfBoundsException e) {
            // the writer's seek back in a finally, after a failure inside it: with our own pixels going
            // to memory that failure is the heap, and the JDK loses the OutOfMemoryError (BENCHMARKS.md)
            OutOfMemoryError outOfHeap = new OutOfMemoryError("encoding a PNG ran out of heap");
            outOfHeap.initCause(e);
            throw outOfHeap;
        } finally {
            writer.dispose();
        }
    }
}
