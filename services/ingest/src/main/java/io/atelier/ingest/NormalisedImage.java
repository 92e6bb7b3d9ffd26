package io.atelier.ingest;

/**
 * An accepted upload, re-encoded as the pipeline's canonical input: 8-bit sRGB PNG.
 *
 * @param png    the PNG bytes
 * @param width  width in pixels, after EXIF orientation
 * @param height height in pixels, after EXIF orientation
 */
public record NormalisedImage(byte[] png, int width, int height) {
}
