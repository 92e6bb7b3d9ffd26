package io.atelier.common.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem document: every HTTP error of Atelier's APIs is one of these, as
 * {@code application/problem+json}.
 *
 * @param type   URI naming the kind of problem, stable for clients to branch on
 * @param title  short summary of the kind
 * @param status HTTP status
 * @param detail what went wrong this time, for people
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://atelier.io/problems/";

    /** 422: well-formed but unusable content (JAX-RS names no constant for it). */
    public static final int UNPROCESSABLE = 422;

    /** A problem whose type is {@code https://atelier.io/problems/<slug>}. */
    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail);
    }

    public static Problem of(Response.Status status, String slug, String title, String detail) {
        return of(status.getStatusCode(), slug, title, detail);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
