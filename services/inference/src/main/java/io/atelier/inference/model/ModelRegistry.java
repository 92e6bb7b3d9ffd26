package io.atelier.inference.model;

import io.atelier.common.storage.ObjectStore;
import io.atelier.inference.JobFailure;
import io.atelier.schemas.events.FailureReason;
import io.atelier.schemas.models.CurrentModel;
import io.atelier.schemas.models.ModelManifest;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.quarkus.cache.CacheInvalidate;
import io.quarkus.cache.CacheKey;
import io.quarkus.cache.CacheResult;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads the model registry in object storage. Every replica follows the current-version pointer
 * without shared memory: it keeps a style's current version for a few seconds
 * ({@code quarkus.cache.caffeine."current-model-versions".expire-after-write}) and forgets it at once
 * when a {@code ModelPublished} event arrives, so a publish switches jobs immediately and a pointer
 * moved without an event (a rollback by hand) within that expiry. Reading it for every job cost an
 * object-store read per job.
 */
@ApplicationScoped
public class ModelRegistry {

    static final String CURRENT_VERSIONS = "current-model-versions";

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
        return currentVersion(style);
    }

    /** The style's current version; a style without one is not cached, so its first publish counts at once. */
    @CacheResult(cacheName = CURRENT_VERSIONS)
    public String currentVersion(@CacheKey String style) throws JobFailure {
        return store.getJson(Bucket.MODELS, ObjectKeys.currentModelPointer(style), CurrentModel.class)
                .map(CurrentModel::version)
                .orElseThrow(() -> new JobFailure(FailureReason.UNKNOWN_STYLE,
                        "no model is published for style '" + style + "'", false));
    }

    /** Forgets the style's current version, so the next job reads the pointer again. */
    @CacheInvalidate(cacheName = CURRENT_VERSIONS)
    public void forgetCurrentVersion(@CacheKey String style) {
        // the interceptor does the work
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
