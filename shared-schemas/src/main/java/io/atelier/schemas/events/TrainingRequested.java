package io.atelier.schemas.events;

import io.atelier.schemas.training.TrainingProfile;

import java.time.Instant;
import java.util.List;

/**
 * Asks for a style to be learned from one or more style images.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param runId         UUID of the training run
 * @param style         style name the model will be published under
 * @param styleImages   claim checks of the style images
 * @param contentCorpus content photos to train on
 * @param profile       the profile whose values the parameters override
 * @param parameters    overrides of the profile's parameters
 * @param requestedAt   when the request was accepted
 * @param requestedBy   who asked, for audit only
 */
public record TrainingRequested(int schemaVersion, String runId, String style, List<ImageRef> styleImages,
                                ObjectPrefix contentCorpus, TrainingProfile profile, TrainingParameters parameters,
                                Instant requestedAt, String requestedBy) implements AtelierEvent {

    public static final int SCHEMA_VERSION = 1;
    /** Most style images one request may carry; the JSON Schema states the same bound. */
    public static final int MAX_STYLE_IMAGES = 32;

    public TrainingRequested {
        styleImages = styleImages == null ? null : List.copyOf(styleImages);
    }

    @Override
    public String partitionKey() {
        return style;
    }
}
