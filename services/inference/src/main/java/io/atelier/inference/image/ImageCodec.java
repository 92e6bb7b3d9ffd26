package io.atelier.inference.image;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import io.atelier.common.image.DecodeBudget;
import io.atelier.common.image.Images;
import io.atelier.schemas.events.OutputFormat;
import io.atelier.schemas.models.GeneratorContract;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.Iterator;
import java.util.Optional;

/** Between encoded images and the generator's tensors (see {@link GeneratorContract}). */
public final class ImageCodec {

    private static final float JPEG_QUALITY = 0.92f;

    private ImageCodec() {
    }

    /**
     * Decodes PNG or JPEG bytes into 8-bit RGB, reading only every n-th pixel of each n-th row where the
     * image is n or more times larger than {@code maxSide}; empty when the bytes are not a decodable
     * image. The decoders subsample row by row, so a 40 Mpx upload never exists at full size in the
     * heap (160 MiB as packed RGB): what the worker holds per job is bounded by {@code maxSide}, not by
     * the upload. The decoded image's longest side stays at least {@code maxSide}, so
     * {@link #fitForModel} still makes the final, filtered step down. The stream reads the bytes in
     * place (the JDK's own streams over a byte array keep a second copy of every byte they read).
     *
     * @param budget held for the decoded pixels while the decoder's raster and its packed copy exist
     * @throws OutOfMemoryError when the decoded image does not fit in the heap, which the JDK's image
     *                          code would otherwise report as unreadable data
     */
    public static Optional<BufferedImage> decode(byte[] bytes, int maxSide, DecodeBudget budget) {
        try (ImageInputStream stream = new ByteArrayImageInputStream(bytes)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(stream, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                int step = Math.max(1, Math.max(width, height) / maxSide);
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(step, step, 0, 0);
                long decodedPixels = (long) ceilDiv(width, step) * ceilDiv(height, step);
                try (DecodeBudget.Permit permit = budget.acquire(decodedPixels)) {
                    return Optional.ofNullable(reader.read(0, param)).map(Images::toRgb);
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (Images.ranOutOfHeap(e)) {
                OutOfMemoryError outOfHeap = new OutOfMemoryError("decoding an image ran out of heap");
                outOfHeap.initCause(e);
                throw outOfHeap;
            }
            return Optional.empty();
        }
    }

    private static int ceilDiv(int value, int divisor) {
        return (value + divisor - 1) / divisor;
    }

    /**
     * Scales the image so that its longest side is at most {@code maxSide} and both sides are
     * multiples of {@link GeneratorContract#SIZE_MULTIPLE} and at least {@link GeneratorContract#MIN_SIDE}
     * (a tinier image is scaled up); returns it unchanged when it already fits.
     */
    public static BufferedImage fitForModel(BufferedImage image, int maxSide) {
        int width = image.getWidth();
        int height = image.getHeight();
        double scale = Math.min(1.0, (double) maxSide / Math.max(width, height));
        int m = GeneratorContract.SIZE_MULTIPLE;
        int targetWidth = Math.max(GeneratorContract.MIN_SIDE, (int) Math.floor(width * scale / m) * m);
        int targetHeight = Math.max(GeneratorContract.MIN_SIDE, (int) Math.floor(height * scale / m) * m);
        if (targetWidth == width && targetHeight == height) {
            return image;
        }
        BufferedImage scaled = new BufferedImage(targetWidth, targetHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, targetWidth, targetHeight, null);
        } finally {
            g.dispose();
        }
        return scaled;
    }

    /**
     * Writes one image, NCHW in the model's range, into a batch's tensor data from {@code offset} on
     * ({@code 3 x width x height} values): straight into the batch, with no array per image.
     */
    public static void toTensor(BufferedImage image, FloatBuffer data, int offset) {
        int width = image.getWidth();
        int height = image.getHeight();
        int plane = width * height;
        int[] rgb = isPackedRgb(image) ? pixels(image) : image.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < plane; i++) {
            int pixel = rgb[i];
            data.put(offset + i, GeneratorContract.toModel((pixel >> 16) & 0xff));
            data.put(offset + plane + i, GeneratorContract.toModel((pixel >> 8) & 0xff));
            data.put(offset + 2 * plane + i, GeneratorContract.toModel(pixel & 0xff));
        }
    }

    /**
     * The image that one generator output in a batch's output data stands for, the image at
     * {@code offset}: a third of the memory of its float values, and the buffer free for the next call
     * while the results wait to be encoded.
     */
    public static BufferedImage fromTensor(FloatBuffer data, int offset, int width, int height) {
        int plane = width * height;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] rgb = pixels(image);
        for (int i = 0; i < plane; i++) {
            rgb[i] = GeneratorContract.fromModel(data.get(offset + i)) << 16
                    | GeneratorContract.fromModel(data.get(offset + plane + i)) << 8
                    | GeneratorContract.fromModel(data.get(offset + 2 * plane + i));
        }
        return image;
    }

    /**
     * The pixel array behind a packed RGB image, one {@code 0xRRGGBB} per pixel in row order. Read and
     * written directly because {@code getRGB}/{@code setRGB} convert every pixel through the colour
     * model, which cost more than the arithmetic around it (measured in the inference benchmark).
     */
    private static int[] pixels(BufferedImage image) {
        return ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    }

    /** Whether {@link #pixels} holds exactly this image (not a view into a larger one). */
    private static boolean isPackedRgb(BufferedImage image) {
        return image.getType() == BufferedImage.TYPE_INT_RGB && image.getRaster().getParent() == null
                && image.getRaster().getDataBuffer().getSize() == image.getWidth() * image.getHeight();
    }

    public static byte[] encode(BufferedImage image, OutputFormat format) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            if (format == OutputFormat.JPEG) {
                ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
                try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
                    ImageWriteParam params = writer.getDefaultWriteParam();
                    params.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                    params.setCompressionQuality(JPEG_QUALITY);
                    writer.setOutput(stream);
                    writer.write(null, new IIOImage(image, null, null), params);
                } finally {
                    writer.dispose();
                }
                return out.toByteArray();
            }
            return Images.png(image);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + format, e);
        }
    }
}
