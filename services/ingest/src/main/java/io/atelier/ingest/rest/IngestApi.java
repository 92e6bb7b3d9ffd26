package io.atelier.ingest.rest;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The OpenAPI document's frame ({@code /q/openapi}): what the API is and the two ways to send an API
 * key. The refusals endpoints can give are named responses from {@link ProblemResponses}.
 */
@OpenAPIDefinition(
        info = @Info(title = "Atelier ingest", version = "1",
                description = "Upload photos to be styled, follow the jobs, and train styles. Every error is an "
                        + "application/problem+json document whose type ends in a stable slug."),
        components = @Components(securitySchemes = {
                @SecurityScheme(securitySchemeName = IngestApi.API_KEY, type = SecuritySchemeType.APIKEY,
                        in = SecuritySchemeIn.HEADER, apiKeyName = "X-API-Key"),
                @SecurityScheme(securitySchemeName = IngestApi.BEARER, type = SecuritySchemeType.HTTP,
                        scheme = "bearer", description = "the API key as a Bearer token")}))
public class IngestApi extends Application {

    /** Security scheme: the key in {@code X-API-Key}. */
    public static final String API_KEY = "apiKey";
    /** Security scheme: the key as {@code Authorization: Bearer}. */
    public static final String BEARER = "bearer";
}
