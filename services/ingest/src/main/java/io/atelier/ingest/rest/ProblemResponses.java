package io.atelier.ingest.rest;

import io.atelier.common.rest.Problem;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASModelReader;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import java.util.List;

/**
 * Every refusal of the API once, as a named response of the OpenAPI document with the problem
 * schema, so that an endpoint lists the refusals it can give by name
 * ({@code @APIResponse(responseCode = "401", ref = ProblemResponses.UNAUTHORIZED)}). Built in code
 * (registered as {@code mp.openapi.model.reader}) because annotations cannot share the schema.
 */
public class ProblemResponses implements OASModelReader {

    public static final String BAD_REQUEST = "BadRequest";
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String FORBIDDEN = "Forbidden";
    public static final String NOT_FOUND = "NotFound";
    public static final String TOO_LARGE = "TooLarge";
    public static final String UNSUPPORTED_IMAGE = "UnsupportedImage";
    public static final String UNPROCESSABLE = "Unprocessable";
    public static final String IN_PROGRESS = "InProgress";
    public static final String RATE_LIMITED = "RateLimited";
    public static final String UNAVAILABLE = "Unavailable";

    private record Refusal(String name, String description, boolean retryAfter) {
    }

    private static final List<Refusal> REFUSALS = List.of(
            new Refusal(BAD_REQUEST, "missing-field, invalid-field, empty-file or invalid-job-id", false),
            new Refusal(UNAUTHORIZED, "unauthorized: no API key, or an unknown one", false),
            new Refusal(FORBIDDEN, "forbidden: the API key lacks the scope this needs", false),
            new Refusal(NOT_FOUND, "unknown-job or unknown-style", false),
            new Refusal(TOO_LARGE, "body-too-large or image-too-large", false),
            new Refusal(UNSUPPORTED_IMAGE, "unsupported-image-type: not PNG, JPEG or GIF by its first bytes;"
                    + " unsupported-media-type: the body is not multipart/form-data", false),
            new Refusal(UNPROCESSABLE, "corrupt-image, too-many-pixels, unknown-style or invalid-style-name", false),
            new Refusal(IN_PROGRESS, "idempotency-key-in-use: another request with this Idempotency-Key is"
                    + " being handled; a retry gets its job", true),
            new Refusal(RATE_LIMITED, "rate-limited: too many uploads for this API key", true),
            new Refusal(UNAVAILABLE, "queue-full, busy or storage-unavailable: nothing was kept; queue-unavailable:"
                    + " the job may still run, retry with the same Idempotency-Key", true));

    @Override
    public OpenAPI buildModel() {
        Components components = OASFactory.createComponents().addSchema("Problem", problemSchema());
        for (Refusal refusal : REFUSALS) {
            APIResponse response = OASFactory.createAPIResponse().description(refusal.description())
                    .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                            OASFactory.createMediaType().schema(OASFactory.createSchema()
                                    .ref("#/components/schemas/Problem"))));
            if (refusal.retryAfter()) {
                response.addHeader("Retry-After", OASFactory.createHeader()
                        .description("seconds after which a retry may succeed")
                        .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
            }
            components.addResponse(refusal.name(), response);
        }
        return OASFactory.createOpenAPI().components(components);
    }

    /** RFC 9457, as {@link Problem} serialises it. */
    private static Schema problemSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("An RFC 9457 problem document")
                .required(List.of("type", "title", "status"))
                .addProperty("type", string("https://atelier.io/problems/<slug>: stable, for clients to branch on"))
                .addProperty("title", string("short summary of the kind of problem"))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", string("what went wrong this time, for people"));
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }
}
