package io.atelier.ingest.rest;

import io.atelier.common.rest.Problem;
import io.atelier.common.storage.ObjectStore;
import io.atelier.ingest.IngestProblem;
import io.atelier.ingest.NormalisedImage;
import io.atelier.ingest.config.IngestConfig;
import io.atelier.ingest.messaging.EventProducer;
import io.atelier.ingest.security.Roles;
import io.atelier.ingest.validation.ImageInspector;
import io.atelier.schemas.cloudevents.TraceParent;
import io.atelier.schemas.events.ImageRef;
import io.atelier.schemas.events.ObjectPrefix;
import io.atelier.schemas.events.ObjectRef;
import io.atelier.schemas.events.TrainingParameters;
import io.atelier.schemas.events.TrainingRequested;
import io.atelier.schemas.models.CurrentModel;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.atelier.schemas.training.TrainingRun;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/** Styles: train a new one from style images (admin), and list what the registry holds. */
@Path("/api/v1/styles")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.USER)
public class StyleResource {

    private final SecurityIdentity caller;
    private final ImageInspector inspector;
    private final ObjectStore store;
    private final EventProducer producer;
    private final IngestConfig config;

    public StyleResource(SecurityIdentity caller, ImageInspector inspector, ObjectStore store, EventProducer producer,
                         IngestConfig config) {
        this.caller = caller;
        this.inspector = inspector;
        this.store = store;
        this.producer = producer;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Roles.ADMIN)
    public Response train(@RestForm("name") String name, @RestForm("image") List<FileUpload> images,
                          @BeanParam TrainingOptions options,
                          @HeaderParam("traceparent") String traceparent) {
        if (name == null || name.isBlank()) {
            throw new IngestProblem(Response.Status.BAD_REQUEST, "missing-field", "Missing field",
                    "the multipart form needs a 'name' part");
        }
        try {
            ObjectKeys.style(name);
        } catch (IllegalArgumentException e) {
            throw new IngestProblem(Problem.UNPROCESSABLE, "invalid-style-name", "Invalid style name", e.getMessage());
        }
        if (images == null || images.isEmpty()) {
            throw new IngestProblem(Response.Status.BAD_REQUEST, "missing-field", "Missing field",
                    "the multipart form needs one or more 'image' parts");
        }
        String chosen = options.profileName();
        TrainingParameters parameters = options.parameters();
        List<NormalisedImage> normalised = images.stream().map(upload -> inspector.inspect(read(upload))).toList();

        String runId = UUID.randomUUID().toString();
        List<ImageRef> refs = new ArrayList<>();
        for (int i = 0; i < normalised.size(); i++) {
            NormalisedImage image = normalised.get(i);
            ObjectRef stored = store.put(Bucket.STYLES, ObjectKeys.styleImage(name, runId, i), image.png(),
                    "image/png");
            refs.add(new ImageRef(stored.bucket(), stored.key(), stored.sha256(), image.width(), image.height(),
                    "image/png"));
        }
        TrainingRequested request = new TrainingRequested(TrainingRequested.SCHEMA_VERSION, runId, name, refs,
                new ObjectPrefix(Bucket.DATASETS.bucketName(), ObjectKeys.contentCorpusPrefix(config.contentCorpus())),
                chosen, parameters, Instant.now(), caller.getPrincipal().getName());
        try {
            producer.send(request, TraceParent.parse(traceparent).orElseGet(TraceParent::root));
        } catch (RuntimeException e) {
            refs.forEach(ref -> store.delete(Bucket.STYLES, ref.key()));
            throw new IngestProblem(Problem.of(Response.Status.SERVICE_UNAVAILABLE, "queue-unavailable",
                    "Training queue unavailable", "the request could not be queued; nothing was kept, try again"), 5);
        }
        return Response.accepted(Map.of("runId", runId, "style", name, "status", "queued",
                "links", Map.of("style", "/api/v1/styles/" + name))).build();
    }

    /**
     * Every style that has a published model or a training run, with its versions and runs. Both come
     * from object storage (the registry and the runs' records), so any replica gives the same answer.
     */
    @GET
    public List<Map<String, Object>> list() {
        return styles(ObjectKeys.MODELS_ROOT, ObjectKeys.STYLES_ROOT);
    }

    @GET
    @Path("/{name}")
    public Map<String, Object> get(@PathParam("name") String name) {
        IngestProblem unknown = new IngestProblem(Response.Status.NOT_FOUND, "unknown-style", "Unknown style",
                "no model is published and no training was requested for style '" + name + "'");
        if (name == null || !ObjectKeys.STYLE_NAME.matcher(name).matches()) {
            throw unknown;
        }
        // only this style's keys are listed: clients poll this while a style trains
        return styles(ObjectKeys.modelsPrefix(name), ObjectKeys.styleRunsPrefix(name)).stream().findFirst()
                .orElseThrow(() -> unknown);
    }

    /** The styles with model versions under one prefix of the registry or runs under one of the styles bucket. */
    private List<Map<String, Object>> styles(String modelsPrefix, String runsPrefix) {
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
                runs.getOrDefault(style, Set.of()))).toList();
    }

    private Map<String, Object> view(String style, List<ObjectKeys.ModelVersionKey> versions, Set<String> runIds) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", style);
        view.put("currentVersion", versions.isEmpty() ? null : store.getJson(Bucket.MODELS,
                ObjectKeys.currentModelPointer(style), CurrentModel.class).map(CurrentModel::version).orElse(null));
        view.put("versions", versions.stream()
                .sorted(Comparator.comparingInt(ObjectKeys.ModelVersionKey::number))
                .map(ObjectKeys.ModelVersionKey::version).toList());
        view.put("training", runIds.stream().map(this::runView)
                .sorted(Comparator.comparing((Map<String, Object> run) -> (Instant) run.get("updatedAt"),
                        Comparator.nullsFirst(Comparator.reverseOrder())))
                .toList());
        return view;
    }

    /** A run as its record shows it; queued while no trainer has recorded it yet. */
    private Map<String, Object> runView(String runId) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("runId", runId);
        store.getJson(Bucket.TRAINING, ObjectKeys.runState(runId), TrainingRun.class).ifPresentOrElse(run -> {
            view.put("state", run.state().name().toLowerCase(java.util.Locale.ROOT));
            view.put("step", run.step());
            view.put("totalSteps", run.totalSteps());
            view.put("losses", run.losses());
            view.put("modelVersion", run.modelVersion());
            view.put("failure", run.failure());
            view.put("updatedAt", run.updatedAt());
        }, () -> {
            view.put("state", "queued");
            view.put("updatedAt", null);
        });
        return view;
    }

    private static byte[] read(FileUpload upload) {
        try {
            return Files.readAllBytes(upload.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
