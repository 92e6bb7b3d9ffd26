package io.atelier.ingest.rest;

import io.atelier.common.rest.Problem;
import io.atelier.common.storage.ObjectStoreException;
import io.atelier.ingest.IngestProblem;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Object storage that cannot be reached (a failed call, or a circuit breaker around the store that
 * is open) is the gateway's outage, not the caller's error: 503 {@code storage-unavailable} with
 * {@code Retry-After}, instead of a 500. Whatever the request had written is removed by then
 * ({@code StagedObjects}) and no event was sent; the next request tries the store again, so the
 * service recovers by itself once the store is back.
 */
public class StorageProblemMapper {

    private static final Logger LOG = Logger.getLogger(StorageProblemMapper.class);
    private static final int RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper
    public Response storeFailed(ObjectStoreException e) {
        LOG.warnf("Object storage failed: %s", e.getMessage());
        return unavailable();
    }

    @ServerExceptionMapper
    public Response breakerOpen(CircuitBreakerOpenException e) {
        LOG.warnf("Object storage not called, its circuit breaker is open: %s", e.getMessage());
        return unavailable();
    }

    private static Response unavailable() {
        return new IngestProblem(Problem.of(Response.Status.SERVICE_UNAVAILABLE, "storage-unavailable",
                "Storage unavailable", "object storage cannot be reached; nothing was kept, try again"),
                RETRY_AFTER_SECONDS).toResponse();
    }
}
