package io.atelier.inference.model;

import io.atelier.common.storage.ObjectStore;
import io.atelier.inference.JobFailure;
import io.atelier.schemas.events.FailureReason;
import io.atelier.schemas.models.CurrentModel;
import io.atelier.schemas.models.ModelManifest;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads the model registry in object storage. The current-version pointer is read per job, so every
 * replica follows a publish or a rollback without shared memory.
 */
@ApplicationScoped
public class ModelRegistry {

    private final ObjectStore store;

    public ModelRegistry(ObjectStore store) {
        this.store = store;
    }

    /** The version a job runs: the pinned one, else the style's current one. */
    public String resolveVersion(String style, String pinnedVersion) throws JobFailure {
        if (pinnedVersion != null) {
            if (!store.exists(Bucket.MODELS, ObjectKeys.modelManifest(style, pinnedVersion))) {
                throw new JobFailure(FailureReason.UNKNOWN_STYLE,
                        "style '" + style + "' has no model version " + pinnedVersion, false);
            }
            return pinnedVersion;
        }
        return store.getJson(Bucket.MODELS, ObjectKeys.currentModelPointer(style), CurrentModel.class)
                .map(CurrentModel::version)
                .orElseThrow(() -> new JobFailure(FailureReason.UNKNOWN_STYLE,
                        "no model is published for style '" + style + "'", false));
    }

    /** The generator's bytes, checked against its manifest. */
    public byte[] generator(String style, String version) throws JobFailure {
        ModelManifest manifest = store.getJson(Bucket.MODELS, ObjectKeys.modelManifest(style, version),
                        ModelManifest.class)
                .orElseThrow(() -> new JobFailure(FailureReason.MODEL_UNAVAILABLE,
                        "model " + style + "/" + version + " has no manifest", false));
        byte[] model = store.get(Bucket.MODELS, ObjectKeys.modelGenerator(style, version))
                .orElseThrow(() -> new JobFailure(FailureReason.MODEL_UNAVAILABLE,
                        "model " + style + "/" + version + " has no generator.onnx", false));
        if (!ObjectStore.sha256(model).equals(manifest.sha256())) {
            throw new JobFailure(FailureReason.MODEL_UNAVAILABLE, "generator.onnx of " + style + "/" + version
                    + " does not match the SHA-256 in its manifest", false);
        }
        return model;
    }
}
