package io.atelier.ingest.validation;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import io.atelier.common.image.DecodeBudget;
import io.atelier.common.image.Images;
import io.atelier.common.rest.Problem;
import io.atelier.ingest.IngestProblem;
import io.atelier.ingest.NormalisedImage;
import io.atelier.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Iterator;

/**
 * Decides whether an upload is an image the pipeline can take, and normalises it to 8-bit sRGB PNG.
 * The format is judged by magic bytes, the pixel count by the header before any pixel is decoded
 * (decompression bombs), and decoding uses ImageIO with the TwelveMonkeys JPEG plugin (CMYK and
 * YCCK JPEGs). A JPEG's EXIF orientation is applied to the pixels. Animated GIFs: the first frame is
 * taken.
 */
@ApplicationScoped
public class ImageInspector {

    private static final Logger LOG = Logger.getLogger(ImageInspector.class);

    private final IngestConfig config;
    private final DecodeBudget decodeBudget;

    @Inject
    public ImageInspector(IngestConfig config) {
        this(config, new DecodeBudget(config.decodePixels()));
    }

    ImageInspector(IngestConfig config, DecodeBudget decodeBudget) {
        this.config = config;
        this.decodeBudget = decodeBudget;
    }

    /**
     * An uploaded file part: refused with 413 when it is over {@code max-image-bytes} before a byte
     * of it is read, then inspected like {@link #inspect(byte[])}.
     */
    public NormalisedImage inspect(FileUpload upload) {
        if (upload.size() > config.maxImageBytes()) {
            throw new IngestProblem(Response.Status.REQUEST_ENTITY_TOO_LARGE, "image-too-large",
                    "Image file too large", upload.size() + " bytes; the limit is " + config.maxImageBytes());
        }
        try {
            return inspect(Files.readAllBytes(upload.uploadedFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded file " + upload.uploadedFile(), e);
        }
    }

    public NormalisedImage inspect(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IngestProblem(Response.Status.BAD_REQUEST, "empty-file", "Empty file", "the image file is empty");
        }
        String format = format(bytes);
        try (ImageInputStream input = new ByteArrayImageInputStream(bytes)) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
            if (!readers.hasNext()) {
                throw unsupported("no decoder for " + format);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width * height > config.maxPixels()) {
                    throw new IngestProblem(Problem.UNPROCESSABLE, "too-many-pixels", "Image too large",
                            width + "x" + height + " is " + width * height + " pixels; the limit is "
                                    + config.maxPixels());
                }
                try (DecodeBudget.Permit permit = decodeBudget.tryAcquire(width * height, config.decodeWait())
                        .orElseThrow(() -> busy("other uploads held the pixels the gateway decodes at once ("
                                + decodeBudget.total() + ") for longer than "
                                + config.decodeWait().toMillis() / 1000.0 + " s"))) {
                    return normalise(reader, format, bytes);
                }
            } finally {
                reader.dispose();
            }
        } catch (IngestProblem problem) {
            throw problem;
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            if (Images.ranOutOfHeap(e)) {
                LOG.warnf("Out of heap normalising a %d-byte %s upload; answered 503", bytes.length, format);
                throw busy("the gateway ran out of memory normalising this image beside the others in progress");
            }
            throw corrupt(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private static NormalisedImage normalise(ImageReader reader, String format, byte[] bytes) throws IOException {
        StringBuilder warnings = new StringBuilder();
        reader.addIIOReadWarningListener((source, warning) -> {
            if (!aboutColourProfile(warning)) {
                warnings.append(warning).append("; ");
            }
        });
        BufferedImage image = reader.read(0);
        if (!warnings.isEmpty()) {
            throw corrupt(warnings.toString());
        }
        // Already opaque 8-bit sRGB (most JPEGs and RGB PNGs): encoded as it is, since the packed copy
        // would be the largest allocation of the upload (4 bytes a pixel, 160 MB at max-pixels).
        BufferedImage rgb = image.getType() == BufferedImage.TYPE_3BYTE_BGR ? image : Images.toRgb(image);
        BufferedImage upright = ExifOrientation.apply(rgb, format.equals("jpeg") ? ExifOrientation.of(bytes) : 1);
        return new NormalisedImage(Images.png(upright), upright.getWidth(), upright.getHeight());
    }

    /** 503 with a Retry-After of the decode wait: the upload may be fine, the gateway is full. */
    private IngestProblem busy(String why) {
        return new IngestProblem(Problem.of(Response.Status.SERVICE_UNAVAILABLE, "busy", "Gateway busy",
                why + "; nothing was kept, try again after Retry-After"),
                (int) Math.max(1, config.decodeWait().toSeconds()));
    }

    /**
     * Decoders warn about damaged data (a truncated or corrupt file: refused) and also about a missing
     * or odd ICC profile, for example a CMYK JPEG without one; those pixels are fine, only the colour
     * conversion is approximate, so such an image is accepted.
     */
    private static boolean aboutColourProfile(String warning) {
        String text = warning.toLowerCase(java.util.Locale.ROOT);
        return text.contains("icc") || text.contains("color profile") || text.contains("colour profile");
    }

    /** The format named by the file's first bytes; anything else is refused. */
    private static String format(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "png";
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return "jpeg";
        }
        if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
            return "gif";
        }
        throw unsupported("the file is not a PNG, JPEG or GIF image (judged by its first bytes)");
    }

    private static IngestProblem unsupported(String detail) {
        return new IngestProblem(Response.Status.UNSUPPORTED_MEDIA_TYPE, "unsupported-image-type",
                "Unsupported image type", detail);
    }

    private static IngestProblem corrupt(String detail) {
        return new IngestProblem(Problem.UNPROCESSABLE, "corrupt-image", "Corrupt or truncated image",
                "the image cannot be decoded: " + detail);
    }
}
