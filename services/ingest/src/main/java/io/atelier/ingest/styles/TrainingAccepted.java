package io.atelier.ingest.styles;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The 202 answer to a training request: the style images are stored and the request is queued.
 *
 * @param runId  the training run's id
 * @param style  the style being trained
 * @param status always {@code queued}
 * @param links  where to follow it
 */
@Schema(name = "TrainingAccepted", description = "The style images are stored and training is queued.")
public record TrainingAccepted(
        @Schema(format = "uuid", required = true) String runId,
        @Schema(required = true) String style,
        @Schema(enumeration = "queued", required = true) String status,
        @Schema(required = true) Links links) {

    /** @param style the style, with its versions and training runs */
    @Schema(name = "TrainingLinks")
    public record Links(@Schema(required = true) String style) {
    }

    static TrainingAccepted of(String runId, String style) {
        return new TrainingAccepted(runId, style, "queued", new Links("/api/v1/styles/" + style));
    }
}
