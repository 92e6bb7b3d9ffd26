package io.atelier.schemas.events;

import java.time.Instant;

/**
 * Asks for one image to be styled. Exactly one of {@code input} and {@code inlineInput} is set.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param jobId         UUID chosen by the producer; the partition key, and the key of every output
 * @param style         style name, for example {@code starry-night}
 * @param modelVersion  pins a model version; the style's current version when absent
 * @param input         claim check of the input image
 * @param inlineInput   the input itself, for producers without object-store access
 * @param output        output options; PNG at the input's size when absent
 * @param requestedAt   when the job was accepted
 * @param submittedBy   who asked (an API key's name or a system's name), for audit only
 */
public record StyleJobRequested(int schemaVersion, String jobId, String style, String modelVersion,
                                ImageRef input, InlineImage inlineInput, OutputOptions output,
                                Instant requestedAt, String submittedBy) implements AtelierEvent {

    public static final int SCHEMA_VERSION = 1;

    @Override
    public String partitionKey() {
        return jobId;
    }
}
