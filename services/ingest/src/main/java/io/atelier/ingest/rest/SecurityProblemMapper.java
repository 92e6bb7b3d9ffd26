package io.atelier.ingest.rest;

import io.atelier.common.rest.Problem;
import io.atelier.ingest.security.ApiKeyAuthenticationMechanism;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Quarkus security answers a refused request with an empty 401 or 403; clients and the web page
 * read the problem document instead, so these mappers shape them as {@code unauthorized} and
 * {@code forbidden} problems. They see {@link AuthenticationFailedException} only because
 * authentication is lazy ({@code quarkus.http.auth.proactive=false}): proactively it would fail in
 * the HTTP layer, before any REST mapper.
 */
public class SecurityProblemMapper {

    private final SecurityIdentity identity;

    public SecurityProblemMapper(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** No key was sent to an endpoint that needs one. */
    @ServerExceptionMapper
    public Response missingKey(UnauthorizedException e) {
        return unauthorized("send an API key in " + ApiKeyAuthenticationMechanism.HEADER + " or as a Bearer token");
    }

    /** A key was sent that no configured key matches. */
    @ServerExceptionMapper
    public Response unknownKey(AuthenticationFailedException e) {
        return unauthorized("unknown API key");
    }

    /** The key is known but lacks the role the endpoint needs. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(Response.Status.FORBIDDEN, "forbidden", "Forbidden",
                "API key '" + identity.getPrincipal().getName() + "' lacks the admin scope").toResponse();
    }

    private static Response unauthorized(String detail) {
        return Response.fromResponse(Problem.of(Response.Status.UNAUTHORIZED, "unauthorized", "Unauthorized",
                detail).toResponse()).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }
}
