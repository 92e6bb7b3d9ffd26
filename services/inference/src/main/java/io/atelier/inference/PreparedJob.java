package io.atelier.inference;

import io.atelier.schemas.events.StyleJobRequested;
import io.opentelemetry.context.Context;

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
 * @param trace         the job's trace context: its inference span belongs there, though the batch
 *                      it runs in is shared with other jobs' traces
 */
public record PreparedJob(StyleJobRequested job, String modelVersion, BufferedImage image, Instant receivedAt,
                          long downloadNanos, Context trace) {

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
