package io.atelier.trainer.registry;

import io.atelier.common.storage.ObjectStore;
import io.atelier.generator.evaluation.StyleEvaluation;
import io.atelier.schemas.events.ModelPublished;
import io.atelier.schemas.events.ObjectRef;
import io.atelier.schemas.models.CurrentModel;
import io.atelier.schemas.models.GateFailure;
import io.atelier.schemas.models.ModelEvaluation;
import io.atelier.schemas.models.ModelManifest;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes model versions into the registry. A version's generator, evaluation and manifest are written
 * once and never changed; publishing and promoting only rewrite the style's current-version pointer,
 * and publishing does so only when the version passes the quality gate. A run that publishes again
 * (resumed after it stored its version but before its record said so) gets that version back. A
 * version number is taken by writing its generator where none is (a conditional write), so replicas
 * publishing one style at once get different numbers instead of writing over each other's version.
 */
@ApplicationScoped
public class ModelPublisher {

    private static final Logger LOG = Logger.getLogger(ModelPublisher.class);

    private final ObjectStore store;
    private final ModelEvaluator evaluator;

    public ModelPublisher(ObjectStore store, ModelEvaluator evaluator) {
        this.store = store;
        this.evaluator = evaluator;
    }

    /**
     * Stores a new version with its evaluation and makes it current if it passes the quality gate and
     * no later version is current; returns the event to publish (with {@code heldBack} when the gate
     * held it back).
     *
     * @param generatorFor  builds the ONNX bytes for the version number this call picks (the version goes
     *                      into the model's own metadata)
     * @param styleImage    the style's painting to measure against, named by its object key; null for imports
     * @param gateExemption why the gate does not apply to this version (an exempt profile), or null
     */
    public synchronized ModelPublished publish(String style, Function<String, byte[]> generatorFor, String runId,
                                               String checkpoint, Map<String, String> configuration,
                                               Map<String, Double> losses, StyleEvaluation.NamedImage styleImage,
                                               String gateExemption) {
        List<Integer> versions = versionNumbers(style);
        Optional<ModelManifest> previous = runId == null ? Optional.empty() : storedBy(style, runId, versions);
        if (previous.isPresent()) {
            // stored by this run before it stopped (killed before its record said so): not a second version
            LOG.infof("Run %s stored %s/%s before it stopped; publishing that version again", runId, style,
                    previous.get().version());
            return republish(style, previous.get());
        }
        Claimed claimed = claimVersion(style, versions.isEmpty() ? 0 : versions.get(0), generatorFor);
        String version = claimed.version();
        byte[] generator = claimed.generator();
        ObjectRef model = claimed.model();
        ModelEvaluator.Evaluated evaluated = evaluator.evaluate(style, version, generator, styleImage, gateExemption);
        store.put(Bucket.MODELS, ObjectKeys.modelContactSheet(style, version), evaluated.contactSheet(), "image/png");
        ObjectRef evaluation = store.putJson(Bucket.MODELS, ObjectKeys.modelEvaluation(style, version),
                evaluated.document());
        // the manifest last: listings find versions by it, so none is seen without its evaluation
        Instant created = Instant.now();
        ObjectRef manifest = store.putJson(Bucket.MODELS, ObjectKeys.modelManifest(style, version),
                new ModelManifest(1, style, version, model.sha256(), generator.length, created, runId,
                        checkpoint, configuration, losses));
        List<GateFailure> failures = evaluated.document().gate().failures();
        if (evaluated.document().gate().holdsBack()) {
            LOG.warnf("Model %s/%s held back by the quality gate (the current version stays): %s", style, version,
                    failures.stream().map(GateFailure::describe).collect(Collectors.joining("; ")));
            return new ModelPublished(ModelPublished.SCHEMA_VERSION, style, version, model, manifest, runId, losses,
                    Instant.now(), evaluation, failures);
        }
        return pointForward(style, version, model, manifest, runId, losses, evaluation, created);
    }

    private record Claimed(String version, byte[] generator, ObjectRef model) {
    }

    /** Stores the generator under the first version number after {@code latest} that no other publisher has. */
    private Claimed claimVersion(String style, int latest, Function<String, byte[]> generatorFor) {
        for (int number = latest + 1; ; number++) {
            String version = "v" + number;
            byte[] generator = generatorFor.apply(version);
            Optional<ObjectRef> model = store.putIfAbsent(Bucket.MODELS, ObjectKeys.modelGenerator(style, version),
                    generator, "application/octet-stream");
            if (model.isPresent()) {
                return new Claimed(version, generator, model.get());
            }
            LOG.infof("%s/%s was taken by another publisher meanwhile; taking the next number", style, version);
        }
    }

    /**
     * Moves the current pointer to an existing version: a rollback, or the promotion of a version the
     * quality gate held back. Fails with {@link IllegalArgumentException} when the version does not exist.
     */
    public ModelPublished makeCurrent(String style, String version) {
        ModelManifest manifest = store.getJson(Bucket.MODELS, ObjectKeys.modelManifest(style, version),
                ModelManifest.class).orElseThrow(() -> new IllegalArgumentException(
                "style '" + style + "' has no version " + version));
        return pointTo(style, version, modelRef(manifest), stored(ObjectKeys.modelManifest(style, version)),
                manifest.runId(), manifest.finalLosses(),
                store.exists(Bucket.MODELS, ObjectKeys.modelEvaluation(style, version))
                        ? stored(ObjectKeys.modelEvaluation(style, version)) : null);
    }

    /** A stored version's event again, its pointer moved forward again unless its evaluation held it back. */
    private ModelPublished republish(String style, ModelManifest manifest) {
        String version = manifest.version();
        String evaluationKey = ObjectKeys.modelEvaluation(style, version);
        ModelEvaluation evaluation = store.getJson(Bucket.MODELS, evaluationKey, ModelEvaluation.class)
                .orElseThrow(() -> new IllegalStateException(style + "/" + version + " has a manifest but no evaluation"));
        ObjectRef manifestRef = stored(ObjectKeys.modelManifest(style, version));
        if (evaluation.gate().holdsBack()) {
            return new ModelPublished(ModelPublished.SCHEMA_VERSION, style, version, modelRef(manifest), manifestRef,
                    manifest.runId(), manifest.finalLosses(), Instant.now(), stored(evaluationKey),
                    evaluation.gate().failures());
        }
        return pointForward(style, version, modelRef(manifest), manifestRef, manifest.runId(), manifest.finalLosses(),
                stored(evaluationKey), manifest.createdAt());
    }

    private static ObjectRef modelRef(ModelManifest manifest) {
        return new ObjectRef(Bucket.MODELS.bucketName(), ObjectKeys.modelGenerator(manifest.style(),
                manifest.version()), manifest.sha256(), manifest.sizeBytes());
    }

    /** The style's version numbers that have a manifest, highest first. */
    private List<Integer> versionNumbers(String style) {
        return store.list(Bucket.MODELS, ObjectKeys.modelsPrefix(style)).stream()
                .flatMap(key -> ObjectKeys.modelVersionOf(key).stream())
                .map(ObjectKeys.ModelVersionKey::number)
                .sorted(Comparator.reverseOrder())
                .toList();
    }

    /**
     * The manifest of the version {@code runId} stored, if it stored one: any version, since others may
     * have been published after it. Reads each manifest of the style once per publish (small objects,
     * against a run of minutes).
     */
    private Optional<ModelManifest> storedBy(String style, String runId, List<Integer> versions) {
        return versions.stream()
                .flatMap(number -> readableManifest(style, "v" + number).stream())
                .filter(manifest -> runId.equals(manifest.runId()))
                .findFirst();
    }

    /** A manifest this trainer cannot read (a later release's) is not its run's: skipped, not a failed run. */
    private Optional<ModelManifest> readableManifest(String style, String version) {
        try {
            return store.getJson(Bucket.MODELS, ObjectKeys.modelManifest(style, version), ModelManifest.class);
        } catch (IllegalStateException unreadable) {
            LOG.warnf("Skipping %s/%s while looking for this run's version: %s", style, version,
                    unreadable.getMessage());
            return Optional.empty();
        }
    }

    private ObjectRef stored(String key) {
        byte[] bytes = store.get(Bucket.MODELS, key).orElseThrow();
        return new ObjectRef(Bucket.MODELS.bucketName(), key, ObjectStore.sha256(bytes), bytes.length);
    }

    /**
     * Makes a version that passed the gate current, unless the pointer already names a later one (another
     * replica's, or one published while this run was stopped): a publish never moves the pointer back.
     * Then the event reads as a late delivery of the version's own announcement, dated when it was
     * stored. The pointer is read and then written, so two publishers in the same instant can still cross.
     */
    private ModelPublished pointForward(String style, String version, ObjectRef model, ObjectRef manifest,
                                        String runId, Map<String, Double> losses, ObjectRef evaluation,
                                        Instant stored) {
        Optional<String> current = store.getJson(Bucket.MODELS, ObjectKeys.currentModelPointer(style),
                CurrentModel.class).map(CurrentModel::version);
        if (current.filter(later -> new ObjectKeys.ModelVersionKey(style, later).number()
                > new ObjectKeys.ModelVersionKey(style, version).number()).isPresent()) {
            LOG.infof("%s/%s is superseded by %s; the pointer stays", style, version, current.get());
            return new ModelPublished(ModelPublished.SCHEMA_VERSION, style, version, model, manifest, runId, losses,
                    stored, evaluation, null);
        }
        return pointTo(style, version, model, manifest, runId, losses, evaluation);
    }

    private ModelPublished pointTo(String style, String version, ObjectRef model, ObjectRef manifest, String runId,
                                   Map<String, Double> losses, ObjectRef evaluation) {
        store.putJson(Bucket.MODELS, ObjectKeys.currentModelPointer(style),
                new CurrentModel(style, version, Instant.now()));
        return new ModelPublished(ModelPublished.SCHEMA_VERSION, style, version, model, manifest, runId, losses,
                Instant.now(), evaluation, null);
    }
}
