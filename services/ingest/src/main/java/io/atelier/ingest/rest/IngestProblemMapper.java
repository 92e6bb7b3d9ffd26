package io.atelier.ingest.rest;

import io.atelier.ingest.IngestProblem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Turns refused requests into problem documents. */
@Provider
public class IngestProblemMapper implements ExceptionMapper<IngestProblem> {

    @Override
    public Response toResponse(IngestProblem problem) {
        return problem.toResponse();
    }
}
