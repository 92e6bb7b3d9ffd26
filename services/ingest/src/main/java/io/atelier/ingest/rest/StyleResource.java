package io.atelier.ingest.rest;

import io.atelier.ingest.security.Roles;
import io.atelier.ingest.styles.StyleService;
import io.atelier.ingest.styles.StyleView;
import io.atelier.ingest.styles.TrainingAccepted;
import io.atelier.ingest.styles.TrainingSubmission;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.util.List;

/** Styles over HTTP: train a new one from style images (admin), and list what the registry holds. */
@Path("/api/v1/styles")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.USER)
@SecurityRequirement(name = IngestApi.API_KEY)
@SecurityRequirement(name = IngestApi.BEARER)
@APIResponse(responseCode = "401", ref = ProblemResponses.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
@APIResponse(responseCode = "503", ref = ProblemResponses.UNAVAILABLE)
public class StyleResource {

    private final StyleService styles;
    private final SecurityIdentity caller;

    public StyleResource(StyleService styles, SecurityIdentity caller) {
        this.styles = styles;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Roles.ADMIN)
    @ResponseStatus(202)
    @Operation(summary = "Train a style (admin)", description = "Answered once the style images are stored and "
            + "training is queued; explicit parameters override the profile's one by one. A retry with the same "
            + "Idempotency-Key returns the same run.")
    @APIResponse(responseCode = "202", description = "Stored and queued", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TrainingAccepted.class)))
    @APIResponse(responseCode = "400", ref = ProblemResponses.BAD_REQUEST)
    @APIResponse(responseCode = "413", ref = ProblemResponses.TOO_LARGE)
    @APIResponse(responseCode = "415", ref = ProblemResponses.UNSUPPORTED_IMAGE)
    @APIResponse(responseCode = "409", ref = ProblemResponses.IN_PROGRESS)
    @APIResponse(responseCode = "422", ref = ProblemResponses.UNPROCESSABLE)
    public TrainingAccepted train(
            @RestForm("name") @Schema(description = "the new style's name, a slug") String name,
            @RestForm("image") @Schema(type = SchemaType.ARRAY, implementation = String.class, format = "binary",
                    description = "one or more style images") List<FileUpload> images,
            @Valid @BeanParam TrainingOptions options,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return styles.train(caller.getPrincipal().getName(),
                new TrainingSubmission(name, images, options.profile(), options.parameters()), idempotencyKey);
    }

    @GET
    @Operation(summary = "Every style", description = "Styles with a published model or a training run; "
            + "each with its current model's evaluation only (one style's endpoint has every version's).")
    @APIResponse(responseCode = "200", description = "The styles", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY,
            implementation = StyleView.class)))
    public List<StyleView> list() {
        return styles.list();
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "One style", description = "Its model versions and training runs.")
    @APIResponse(responseCode = "200", description = "The style", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StyleView.class)))
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public StyleView get(@PathParam("name") String name) {
        return styles.get(name);
    }
}
