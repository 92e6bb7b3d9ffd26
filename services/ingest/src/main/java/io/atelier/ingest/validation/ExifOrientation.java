package io.atelier.ingest.validation;

import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;

import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;

/**
 * Cameras store pixels as the sensor saw them and say in EXIF how to turn them; a photo taken upright
 * on a phone is often stored on its side. The tag is read with TwelveMonkeys' metadata reader and
 * applied to the pixels, so every later stage sees the picture the way its owner does.
 */
final class ExifOrientation {

    private ExifOrientation() {
    }

    /** The EXIF orientation of a JPEG (1 to 8), 1 when it has none or it cannot be read. */
    static int of(byte[] jpeg) {
        try (ImageInputStream input = new ByteArrayImageInputStream(jpeg)) {
            for (JPEGSegment segment : JPEGSegmentUtil.readSegments(input, JPEG.APP1, "Exif")) {
                try (InputStream data = segment.data();
                     ImageInputStream tiff = new MemoryCacheImageInputStream(data)) {
                    // the identifier is "Exif" and two zero bytes; data() starts after the first
                    if (data.read() != 0) {
                        continue;
                    }
                    Directory exif = new TIFFReader().read(tiff);
                    Entry entry = exif.getEntryById(TIFF.TAG_ORIENTATION);
                    if (entry != null && entry.getValue() instanceof Number number
                            && number.intValue() >= 1 && number.intValue() <= 8) {
                        return number.intValue();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // unreadable metadata does not make the pixels unusable: keep them as stored
        }
        return 1;
    }

    /** The image turned and mirrored as the orientation says. */
    static BufferedImage apply(BufferedImage image, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swaps = orientation >= 5;
        AffineTransform t = switch (orientation) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0);     // mirror horizontally
            case 3 -> new AffineTransform(-1, 0, 0, -1, w, h);    // rotate 180
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, h);     // mirror vertically
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0);      // transpose
            case 6 -> new AffineTransform(0, 1, -1, 0, h, 0);     // rotate 90 clockwise
            case 7 -> new AffineTransform(0, -1, -1, 0, h, w);    // transverse
            default -> new AffineTransform(0, -1, 1, 0, 0, w);    // 8: rotate 90 counter-clockwise
        };
        BufferedImage turned = new BufferedImage(swaps ? h : w, swaps ? w : h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = turned.createGraphics();
        try {
            g.drawImage(image, t, null);
        } finally {
            g.dispose();
        }
        return turned;
    }
}
