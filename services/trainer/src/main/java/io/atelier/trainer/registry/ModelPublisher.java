package io.atelier.trainer.registry;

import io.atelier.common.storage.ObjectStore;
import io.atelier.schemas.events.ModelPublished;
import io.atelier.schemas.events.ObjectRef;
import io.atelier.schemas.models.CurrentModel;
import io.atelier.schemas.models.ModelManifest;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Map;

/**
 * Writes model versions into the registry. A version's generator and manifest are written once and
 * never changed; publishing and rolling back only rewrite the style's current-version pointer.
 */
@ApplicationScoped
public class ModelPublisher {

    private final ObjectStore store;

    public ModelPublisher(ObjectStore store) {
        this.store = store;
    }

    /**
     * Stores a new version and makes it current; returns the event to publish.
     *
     * @param generator builds the ONNX bytes for the version number this call picks (the version goes
     *                  into the model's own metadata)
     */
    public synchronized ModelPublished publish(String style, java.util.function.Function<String, byte[]> generatorFor,
                                               String runId, String checkpoint, Map<String, String> configuration,
                                               Map<String, Double> losses) {
        String version = "v" + (latestVersion(style) + 1);
        byte[] generator = generatorFor.apply(version);
        ObjectRef model = store.put(Bucket.MODELS, ObjectKeys.modelGenerator(style, version), generator,
                "application/octet-stream");
        ObjectRef manifest = store.putJson(Bucket.MODELS, ObjectKeys.modelManifest(style, version),
                new ModelManifest(1, style, version, model.sha256(), generator.length, Instant.now(), runId,
                        checkpoint, configuration, losses));
        return pointTo(style, version, model, manifest, runId, losses);
    }

    /** Moves the current pointer back (or forward) to an existing version. */
    public ModelPublished rollback(String style, String version) {
        ModelManifest manifest = store.getJson(Bucket.MODELS, ObjectKeys.modelManifest(style, version),
                ModelManifest.class).orElseThrow(() -> new IllegalArgumentException(
                "style '" + style + "' has no version " + version));
        ObjectRef model = new ObjectRef(Bucket.MODELS.bucketName(), ObjectKeys.modelGenerator(style, version),
                manifest.sha256(), manifest.sizeBytes());
        byte[] manifestBytes = store.get(Bucket.MODELS, ObjectKeys.modelManifest(style, version)).orElseThrow();
        ObjectRef manifestRef = new ObjectRef(Bucket.MODELS.bucketName(), ObjectKeys.modelManifest(style, version),
                ObjectStore.sha256(manifestBytes), manifestBytes.length);
        return pointTo(style, version, model, manifestRef, manifest.runId(), manifest.finalLosses());
    }

    /** The highest version number of a style, 0 when it has none. */
    public int latestVersion(String style) {
        return store.list(Bucket.MODELS, ObjectKeys.modelsPrefix(style)).stream()
                .flatMap(key -> ObjectKeys.modelVersionOf(key).stream())
                .mapToInt(ObjectKeys.ModelVersionKey::number)
                .max().orElse(0);
    }

    private ModelPublished pointTo(String style, String version, ObjectRef model, ObjectRef manifest, String runId,
                                   Map<String, Double> losses) {
        store.putJson(Bucket.MODELS, ObjectKeys.currentModelPointer(style),
                new CurrentModel(style, version, Instant.now()));
        return new ModelPublished(ModelPublished.SCHEMA_VERSION, style, version, model, manifest, runId, losses,
                Instant.now());
    }
}
