package io.atelier.ingest.styles;

import io.atelier.common.rest.Problem;
import io.atelier.common.storage.ObjectStore;
import io.atelier.ingest.IngestProblem;
import io.atelier.ingest.NormalisedImage;
import io.atelier.ingest.config.IngestConfig;
import io.atelier.ingest.messaging.EventProducer;
import io.atelier.ingest.storage.IdempotencyKeys;
import io.atelier.ingest.storage.StagedObjects;
import io.atelier.ingest.validation.ImageInspector;
import io.atelier.schemas.events.ImageRef;
import io.atelier.schemas.events.ObjectPrefix;
import io.atelier.schemas.events.TrainingRequested;
import io.atelier.schemas.models.CurrentModel;
import io.atelier.schemas.models.ModelEvaluation;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.atelier.schemas.training.TrainingRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Styles: queues training of a new one, and reads what the registry holds. The style images are
 * normalised like job uploads and stored with the request; the request is answered only after the
 * broker's acknowledgement, and if anything fails part-way the images are removed again (unless the
 * broker may still have the request). An {@code Idempotency-Key} works as for jobs. Listings
 * come from object storage (the registry, the versions' evaluations and the runs' records), so any
 * replica gives the same answer; a record that no longer parses is shown as such, not as a 500.
 */
@ApplicationScoped
public class StyleService {

    private static final Logger LOG = Logger.getLogger(StyleService.class);

    private final ImageInspector inspector;
    private final ObjectStore store;
    private final EventProducer producer;
    private final IdempotencyKeys idempotency;
    private final IngestConfig config;

    public StyleService(ImageInspector inspector, ObjectStore store, EventProducer producer,
                        IdempotencyKeys idempotency, IngestConfig config) {
        this.inspector = inspector;
        this.store = store;
        this.producer = producer;
        this.idempotency = idempotency;
        this.config = config;
    }

    /**
     * Queues a training run for the API key {@code keyName}; a retry with the same {@code idempotencyKey}
     * (may be null) gets the first run back and queues nothing.
     */
    public TrainingAccepted train(String keyName, TrainingSubmission submission, String idempotencyKey) {
        Optional<TrainingRequested> earlier = idempotency.replay(keyName, idempotencyKey, TrainingRequested.class,
                producer::send);
        if (earlier.isPresent()) {
            return TrainingAccepted.of(earlier.get().runId(), earlier.get().style());
        }
        String name = submission.name();
        if (name == null || name.isBlank()) {
            throw IngestProblem.missingPart("a 'name' part");
        }
        try {
            ObjectKeys.style(name);
        } catch (IllegalArgumentException e) {
            throw new IngestProblem(Problem.UNPROCESSABLE, "invalid-style-name", "Invalid style name", e.getMessage());
        }
        if (submission.images() == null || submission.images().isEmpty()) {
            throw IngestProblem.missingPart("one or more 'image' parts");
        }
        if (submission.images().size() > TrainingRequested.MAX_STYLE_IMAGES) {
            throw IngestProblem.invalidField("'image': at most " + TrainingRequested.MAX_STYLE_IMAGES
                    + " style images a request, got " + submission.images().size());
        }
        List<NormalisedImage> images = submission.images().stream().map(inspector::inspect).toList();

        String runId = UUID.randomUUID().toString();
        TrainingRequested queued = StagedObjects.allOrNothing(store, staged -> {
            List<ImageRef> refs = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                refs.add(staged.putImage(Bucket.STYLES, ObjectKeys.styleImage(name, runId, i), images.get(i)));
            }
            TrainingRequested request = new TrainingRequested(TrainingRequested.SCHEMA_VERSION, runId, name, refs,
                    new ObjectPrefix(Bucket.DATASETS.bucketName(),
                            ObjectKeys.contentCorpusPrefix(config.contentCorpus())),
                    submission.profile(), submission.parameters(), Instant.now(), keyName);
            idempotency.remember(staged, keyName, idempotencyKey, request);
            producer.send(request);
            return request;
        });
        idempotency.queued(keyName, idempotencyKey, queued);
        return TrainingAccepted.of(runId, name);
    }

    /**
     * Every style that has a published model or a training run, with its versions and runs; of the
     * versions' evaluations only the current one's, so the listing reads one evaluation a style however
     * many versions it has ({@link #get} has them all).
     */
    public List<StyleView> list() {
        return styles(ObjectKeys.MODELS_ROOT, ObjectKeys.STYLES_ROOT, false);
    }

    /** One style; 404 when it has neither a published model nor a training run. */
    public StyleView get(String name) {
        IngestProblem unknown = new IngestProblem(Response.Status.NOT_FOUND, "unknown-style", "Unknown style",
                "no model is published and no training was requested for style '" + name + "'");
        if (name == null || !ObjectKeys.STYLE_NAME.matcher(name).matches()) {
            throw unknown;
        }
        // only this style's keys are listed: clients poll this while a style trains
        return styles(ObjectKeys.modelsPrefix(name), ObjectKeys.styleRunsPrefix(name), true).stream().findFirst()
                .orElseThrow(() -> unknown);
    }

    /**
     * The styles with model versions under one prefix of the registry or runs under one of the styles
     * bucket; {@code everyModel}: every version in {@link StyleView#models()}, else only the current one.
     */
    private List<StyleView> styles(String modelsPrefix, String runsPrefix, boolean everyModel) {
        Map<String, List<ObjectKeys.ModelVersionKey>> versions = new TreeMap<>();
        for (String key : store.list(Bucket.MODELS, modelsPrefix)) {
            ObjectKeys.modelVersionOf(key).ifPresent(version ->
                    versions.computeIfAbsent(version.style(), k -> new ArrayList<>()).add(version));
        }
        Map<String, Set<String>> runs = new TreeMap<>();
        for (String key : store.list(Bucket.STYLES, runsPrefix)) {
            ObjectKeys.styleRunOf(key).ifPresent(run ->
                    runs.computeIfAbsent(run.style(), k -> new TreeSet<>()).add(run.runId()));
        }
        Set<String> styles = new TreeSet<>(versions.keySet());
        styles.addAll(runs.keySet());
        return styles.stream().map(style -> view(style, versions.getOrDefault(style, List.of()),
                runs.getOrDefault(style, Set.of()), everyModel)).toList();
    }

    private StyleView view(String style, List<ObjectKeys.ModelVersionKey> versions, Set<String> runIds,
                           boolean everyModel) {
        String current = versions.isEmpty() ? null : currentVersion(style);
        List<String> ordered = versions.stream().sorted(Comparator.comparingInt(ObjectKeys.ModelVersionKey::number))
                .map(ObjectKeys.ModelVersionKey::version).toList();
        return new StyleView(style, current, ordered,
                ordered.stream().filter(version -> everyModel || version.equals(current))
                        .map(version -> modelView(style, version, version.equals(current))).toList(),
                runIds.stream().map(this::runView).sorted(Comparator.comparing(TrainingRunView::updatedAt,
                        Comparator.nullsFirst(Comparator.reverseOrder()))).toList());
    }

    /** The version the style's pointer names; null, logged, when the pointer cannot be read. */
    private String currentVersion(String style) {
        try {
            return store.getJson(Bucket.MODELS, ObjectKeys.currentModelPointer(style), CurrentModel.class)
                    .map(CurrentModel::version).orElse(null);
        } catch (IllegalStateException unreadable) {
            LOG.warnf("Style %s: %s", style, unreadable.getMessage());
            return null;
        }
    }

    /** A version with its evaluation; the contact sheet presigned like job outputs. */
    private ModelVersionView modelView(String style, String version, boolean current) {
        ModelEvaluation evaluation;
        try {
            evaluation = store.getJson(Bucket.MODELS, ObjectKeys.modelEvaluation(style, version),
                    ModelEvaluation.class).orElse(null);
        } catch (IllegalStateException unreadable) {
            LOG.warnf("Style %s: %s", style, unreadable.getMessage());
            evaluation = null;
        }
        String sheet = evaluation == null ? null : store.presignGet(Bucket.MODELS,
                ObjectKeys.modelContactSheet(style, version), config.outputUrlExpiry());
        return ModelVersionView.of(version, current, evaluation, sheet, Instant.now().plus(config.outputUrlExpiry()));
    }

    /**
     * The run as its record says. A record this version cannot read (written by an older or newer
     * release, say with a profile it does not know) shows as {@code unreadable} with the reason,
     * instead of failing the whole listing.
     */
    private TrainingRunView runView(String runId) {
        try {
            return store.getJson(Bucket.TRAINING, ObjectKeys.runState(runId), TrainingRun.class)
                    .map(TrainingRunView::of).orElseGet(() -> TrainingRunView.queued(runId));
        } catch (IllegalStateException unreadable) {
            LOG.warnf("Run %s: %s", runId, unreadable.getMessage());
            return TrainingRunView.unreadable(runId, unreadable.getMessage());
        }
    }
}
