package io.atelier.ingest.rest;

import io.atelier.common.rest.Problem;
import io.atelier.ingest.config.IngestConfig;
import io.atelier.schemas.json.EventJson;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;

/**
 * Answers a request that declares a body over {@code atelier.ingest.max-request-bytes} with a 413
 * problem document before a byte of the body is read. Chunked uploads declare no length: Quarkus
 * counts their bytes as they stream and stops them at {@code quarkus.http.limits.max-body-size}
 * (a plain 413), and the image part is checked against {@code max-image-bytes} after that. Chunked
 * uploads are common (Apache HttpClient sends forms so), so they are not refused for lack of a length.
 */
@ApplicationScoped
public class BodyLimit {

    void install(@Observes Router router, IngestConfig config) {
        long max = config.maxRequestBytes();
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long length = parse(declared);
            if (length <= max) {
                context.next();
                return;
            }
            Problem problem = Problem.of(Response.Status.REQUEST_ENTITY_TOO_LARGE, "body-too-large",
                    "Request body too large", "the request declares " + length + " bytes; the limit is " + max);
            try {
                context.response().setStatusCode(problem.status())
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(EventJson.mapper().writeValueAsString(problem));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                context.fail(413, e);
            }
        });
    }

    private static long parse(String value) {
        try {
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
