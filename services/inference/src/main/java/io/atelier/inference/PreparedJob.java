package io.atelier.inference;

import io.atelier.schemas.events.StyleJobRequested;

import java.awt.image.BufferedImage;
import java.time.Instant;

/**
 * A job whose model version is known and whose input is decoded and fitted, waiting for inference.
 *
 * @param job           the request
 * @param modelVersion  the version it runs
 * @param image         the input, 8-bit RGB, sides multiples of 4
 * @param receivedAt    when the worker took it
 * @param downloadNanos time spent reading the input
 */
public record PreparedJob(StyleJobRequested job, String modelVersion, BufferedImage image, Instant receivedAt,
                          long downloadNanos) {

    /** Jobs with equal keys can share one inference call. */
    public BatchKey batchKey() {
        return new BatchKey(job.style(), modelVersion, image.getWidth(), image.getHeight());
    }

    /**
     * What a batch shares: the model and the image size.
     *
     * @param style   style name
     * @param version model version
     * @param width   image width
     * @param height  image height
     */
    public record BatchKey(String style, String version, int width, int height) {
    }
}
