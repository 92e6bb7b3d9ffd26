package io.atelier.inference;

import io.atelier.schemas.events.ImageRef;
import io.atelier.schemas.events.JobTimings;

/**
 * A finished job's output.
 *
 * @param output       the stored output
 * @param modelVersion the model version that produced it
 * @param timings      where the time went
 */
public record StyledImage(ImageRef output, String modelVersion, JobTimings timings) {
}
