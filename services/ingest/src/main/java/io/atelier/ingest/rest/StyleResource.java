package io.atelier.ingest.rest;

import io.atelier.ingest.security.Roles;
import io.atelier.ingest.styles.StyleService;
import io.atelier.ingest.styles.TrainingSubmission;
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

import java.util.List;
import java.util.Map;

/** Styles over HTTP: train a new one from style images (admin), and list what the registry holds. */
@Path("/api/v1/styles")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.USER)
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
    public Response train(@RestForm("name") String name, @RestForm("image") List<FileUpload> images,
                          @BeanParam TrainingOptions options, @HeaderParam("traceparent") String traceparent) {
        String runId = styles.train(caller.getPrincipal().getName(),
                new TrainingSubmission(name, images, options.profileName(), options.parameters()), traceparent);
        return Response.accepted(Map.of("runId", runId, "style", name, "status", "queued",
                "links", Map.of("style", "/api/v1/styles/" + name))).build();
    }

    @GET
    public List<Map<String, Object>> list() {
        return styles.list();
    }

    @GET
    @Path("/{name}")
    public Map<String, Object> get(@PathParam("name") String name) {
        return styles.get(name);
    }
}
