package io.atelier.trainer.rest;

import io.atelier.common.rest.Problem;
import io.atelier.schemas.events.ModelPublished;
import io.atelier.schemas.storage.ObjectKeys;
import io.atelier.trainer.config.TrainerConfig;
import io.atelier.trainer.messaging.TrainingEventPublisher;
import io.atelier.trainer.registry.ModelPublisher;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Admin API of the model registry. Rollback moves a style's current-version pointer to an existing
 * (immutable) version and announces it, so inference replicas preload it and new jobs use it.
 */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {

    private final ModelPublisher registry;
    private final TrainingEventPublisher events;
    private final TrainerConfig config;

    public ModelResource(ModelPublisher registry, TrainingEventPublisher events, TrainerConfig config) {
        this.registry = registry;
        this.events = events;
        this.config = config;
    }

    @POST
    @Path("/{style}/current/{version}")
    public Response makeCurrent(@PathParam("style") String style, @PathParam("version") String version,
                                @HeaderParam("X-API-Key") String key) {
        if (config.adminKey().isEmpty()) {
            return Problem.of(Response.Status.FORBIDDEN, "admin-api-disabled", "Admin API disabled",
                    "set atelier.trainer.admin-key to enable it").toResponse();
        }
        if (key == null || !MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
                config.adminKey().get().getBytes(StandardCharsets.UTF_8))) {
            return Problem.of(Response.Status.UNAUTHORIZED, "unauthorized", "Unauthorized",
                    "send the admin key in X-API-Key").toResponse();
        }
        try {
            ObjectKeys.style(style);
            ObjectKeys.version(version);
        } catch (IllegalArgumentException e) {
            return Problem.of(Response.Status.BAD_REQUEST, "invalid-name", "Invalid style or version", e.getMessage())
                    .toResponse();
        }
        ModelPublished current;
        try {
            current = registry.rollback(style, version);
        } catch (IllegalArgumentException e) {
            return Problem.of(Response.Status.NOT_FOUND, "unknown-model-version", "Unknown model version",
                    e.getMessage()).toResponse();
        }
        events.published(current);
        return Response.ok(current).build();
    }
}
