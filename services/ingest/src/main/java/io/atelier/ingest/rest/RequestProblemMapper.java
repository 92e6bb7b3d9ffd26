package io.atelier.ingest.rest;

import io.atelier.ingest.IngestProblem;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * What the framework refuses before a resource method runs (a form field it cannot convert, a body that
 * is not a form), as a problem document like every other refusal; it answered with an empty body.
 */
public class RequestProblemMapper {

    @ServerExceptionMapper
    public Response unconvertible(BadRequestException e) {
        return IngestProblem.invalidField("a form field has a value of the wrong type (text where a number goes,"
                + " say): " + e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response notAForm(NotSupportedException e) {
        return new IngestProblem(Response.Status.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                "Unsupported media type", "send the request as multipart/form-data").toResponse();
    }
}
