package io.atelier.schemas.events;

import java.time.Instant;
import java.util.Map;

/**
 * A new immutable model version is in the registry and is now the style's current version.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param style         style name
 * @param version       the new version
 * @param model         the ONNX generator
 * @param manifest      the version's manifest
 * @param runId         the training run that produced it; absent for models registered by hand
 * @param metrics       final metrics by name
 * @param publishedAt   when the current-version pointer moved
 */
public record ModelPublished(int schemaVersion, String style, String version, ObjectRef model, ObjectRef manifest,
                             String runId, Map<String, Double> metrics, Instant publishedAt) implements AtelierEvent {

    public static final int SCHEMA_VERSION = 1;

    public ModelPublished {
        metrics = metrics == null ? null : Map.copyOf(metrics);
    }

    @Override
    public String partitionKey() {
        return style;
    }
}
