package io.atelier.trainer.rest;

import io.atelier.common.rest.Problem;
import io.atelier.schemas.events.ModelPublished;
import io.atelier.schemas.storage.ObjectKeys;
import io.atelier.trainer.config.TrainerConfig;
import io.atelier.trainer.messaging.TrainingEventPublisher;
import io.atelier.trainer.registry.ModelImporter;
import io.atelier.trainer.registry.ModelPublisher;
import jakarta.ws.rs.Consumes;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Admin API of the model registry. Import registers a generator trained elsewhere as a new version
 * (current unless the quality gate holds it back); rollback and promote move a style's current-version
 * pointer to an existing (immutable) version, promote being the admin's word that a held-back version
 * may serve anyway. Each announces the version, so inference replicas preload it once it is current.
 */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {

    private final ModelPublisher registry;
    private final ModelImporter importer;
    private final TrainingEventPublisher events;
    private final TrainerConfig config;

    public ModelResource(ModelPublisher registry, ModelImporter importer, TrainingEventPublisher events,
                         TrainerConfig config) {
        this.registry = registry;
        this.importer = importer;
        this.events = events;
        this.config = config;
    }

    /**
     * Imports an ONNX generator ({@code model}) for the style, with an optional free-text {@code source}
     * kept in its manifest. 201 with the published version (with {@code heldBack} naming the missed
     * thresholds when the quality gate kept the pointer); 422 naming what is wrong when the file is not
     * a generator that keeps the contract, and then nothing is stored.
     */
    @POST
    @Path("/{style}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response importModel(@PathParam("style") String style, @RestForm("model") FileUpload model,
                                @RestForm("source") String source, @HeaderParam("X-API-Key") String key) {
        Optional<Response> refused = refuse(key).or(() -> invalidName(style, "v1"));
        if (refused.isPresent()) {
            return refused.get();
        }
        if (model == null || model.size() == 0) {
            return Problem.of(Response.Status.BAD_REQUEST, "missing-field", "Missing field",
                    "send the ONNX file as the multipart part 'model'").toResponse();
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        if (source != null && !source.isBlank()) {
            metadata.put("source", source.strip());
        }
        metadata.put("fileName", model.fileName());
        try {
            ModelPublished published = importer.register(style, read(model), metadata);
            events.published(published).await().indefinitely();
            return Response.status(Response.Status.CREATED).entity(published).build();
        } catch (ModelImporter.InvalidModelException e) {
            return Problem.of(Problem.UNPROCESSABLE, "invalid-model", "Not a generator that keeps the contract",
                    "the uploaded file cannot be registered: " + e.getMessage()).toResponse();
        }
    }

    /** Rollback: the style's current pointer to an existing version. */
    @POST
    @Path("/{style}/current/{version}")
    public Response makeCurrent(@PathParam("style") String style, @PathParam("version") String version,
                                @HeaderParam("X-API-Key") String key) {
        return pointTo(style, version, key);
    }

    /** Promotes a version (typically one the quality gate held back): it becomes current and is announced. */
    @POST
    @Path("/{style}/{version}/promote")
    public Response promote(@PathParam("style") String style, @PathParam("version") String version,
                            @HeaderParam("X-API-Key") String key) {
        return pointTo(style, version, key);
    }

    private Response pointTo(String style, String version, String key) {
        Optional<Response> refused = refuse(key).or(() -> invalidName(style, version));
        if (refused.isPresent()) {
            return refused.get();
        }
        ModelPublished current;
        try {
            current = registry.makeCurrent(style, version);
        } catch (IllegalArgumentException e) {
            return Problem.of(Response.Status.NOT_FOUND, "unknown-model-version", "Unknown model version",
                    e.getMessage()).toResponse();
        }
        events.published(current).await().indefinitely();
        return Response.ok(current).build();
    }

    /** The refusal, unless the admin API is enabled and the key is its key (compared in constant time). */
    private Optional<Response> refuse(String key) {
        if (config.adminKey().isEmpty()) {
            return Optional.of(Problem.of(Response.Status.FORBIDDEN, "admin-api-disabled", "Admin API disabled",
                    "set atelier.trainer.admin-key to enable it").toResponse());
        }
        if (key == null || !MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
                config.adminKey().get().getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(Problem.of(Response.Status.UNAUTHORIZED, "unauthorized", "Unauthorized",
                    "send the admin key in X-API-Key").toResponse());
        }
        return Optional.empty();
    }

    private static Optional<Response> invalidName(String style, String version) {
        try {
            ObjectKeys.style(style);
            ObjectKeys.version(version);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(Problem.of(Response.Status.BAD_REQUEST, "invalid-name", "Invalid style or version",
                    e.getMessage()).toResponse());
        }
    }

    private static byte[] read(FileUpload upload) {
        try {
            return Files.readAllBytes(upload.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded model", e);
        }
    }
}
