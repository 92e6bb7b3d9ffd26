package io.atelier.schemas.models;

import java.time.Instant;
import java.util.Map;

/**
 * {@code models/{style}/{version}/manifest.json}: what a model version is and where it came from.
 * Written once with the version; versions are immutable.
 *
 * @param schemaVersion    1
 * @param style            style name
 * @param version          model version
 * @param sha256           SHA-256 of {@code generator.onnx}
 * @param sizeBytes        size of {@code generator.onnx}
 * @param createdAt        when the version was written
 * @param runId            training run, absent for models registered by hand
 * @param parentCheckpoint key prefix of the checkpoint it was exported from, if any
 * @param configuration    training configuration, as strings
 * @param finalLosses      final losses by name
 */
public record ModelManifest(int schemaVersion, String style, String version, String sha256, long sizeBytes,
                            Instant createdAt, String runId, String parentCheckpoint,
                            Map<String, String> configuration, Map<String, Double> finalLosses) {

    public ModelManifest {
        configuration = configuration == null ? Map.of() : Map.copyOf(configuration);
        finalLosses = finalLosses == null ? Map.of() : Map.copyOf(finalLosses);
    }
}
