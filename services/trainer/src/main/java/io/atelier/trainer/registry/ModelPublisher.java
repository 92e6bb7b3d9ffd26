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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes model versions into the registry. A version's generator and manifest are written once and
 * never changed; publishing and rolling back only rewrite the style's current-version pointer.
 */
@ApplicationScoped
public class ModelPublisher {

    private static final Pattern VERSION_KEY = Pattern.compile("models/[^/]+/v([0-9]+)/manifest\\.json");

    private final ObjectStore store;

    public ModelPublisher(ObjectStore store) {
        this.store = store;
    }

    /** Stores a new version (the next number) and makes it current; returns the event to publish. */
    public synchronized ModelPublished publish(String style, byte[] generator, String runId, String checkpoint,
                                               Map<String, String> configuration, Map<String, Double> losses) {
        String version = "v" + (latestVersion(style) + 1);
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
        int latest = 0;
        for (String key : store.list(Bucket.MODELS, ObjectKeys.modelsPrefix(style))) {
            Matcher m = VERSION_KEY.matcher(key);
            if (m.matches()) {
                latest = Math.max(latest, Integer.parseInt(m.group(1)));
            }
        }
        return latest;
    }

    private ModelPublished pointTo(String style, String version, ObjectRef model, ObjectRef manifest, String runId,
                                   Map<String, Double> losses) {
        store.putJson(Bucket.MODELS, ObjectKeys.currentModelPointer(style),
                new CurrentModel(style, version, Instant.now()));
        return new ModelPublished(ModelPublished.SCHEMA_VERSION, style, version, model, manifest, runId, losses,
                Instant.now());
    }
}
