package io.atelier.ingest;

import io.atelier.common.rest.Problem;
import jakarta.ws.rs.core.Response;

/** A request the gateway refuses; becomes an {@code application/problem+json} response. */
public class IngestProblem extends RuntimeException {

    private final Problem problem;
    private final Integer retryAfterSeconds;

    public IngestProblem(Response.Status status, String slug, String title, String detail) {
        this(Problem.of(status, slug, title, detail), null);
    }

    public IngestProblem(int status, String slug, String title, String detail) {
        this(Problem.of(status, slug, title, detail), null);
    }

    public IngestProblem(Problem problem, Integer retryAfterSeconds) {
        super(problem.detail());
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 400: the multipart form lacks a part; {@code what} names it, e.g. {@code a 'style' part}. */
    public static IngestProblem missingPart(String what) {
        return new IngestProblem(Response.Status.BAD_REQUEST, "missing-field", "Missing field",
                "the multipart form needs " + what);
    }

    /** 400: a field has a value the gateway cannot use; the detail names the field. */
    public static IngestProblem invalidField(String detail) {
        return new IngestProblem(Response.Status.BAD_REQUEST, "invalid-field", "Invalid field", detail);
    }

    public Response toResponse() {
        Response.ResponseBuilder response = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (retryAfterSeconds != null) {
            response.header("Retry-After", retryAfterSeconds);
        }
        return response.build();
    }

    public Problem problem() {
        return problem;
    }
}
