package io.atelier.schemas.events;

import java.time.Instant;
import java.util.Map;

/**
 * Emitted every few steps of a run.
 *
 * @param schemaVersion  {@link #SCHEMA_VERSION}
 * @param runId          the run
 * @param style          style name
 * @param step           steps done
 * @param totalSteps     steps planned
 * @param losses         latest losses by name ({@code generator}, {@code discriminator}, {@code style}, ...)
 * @param stepsPerSecond recent speed
 * @param etaSeconds     estimated seconds left
 * @param sampleKey      key of the latest sample grid in the training bucket, if one was written
 * @param reportedAt     when this was measured
 */
public record TrainingProgress(int schemaVersion, String runId, String style, long step, long totalSteps,
                               Map<String, Double> losses, double stepsPerSecond, Long etaSeconds,
                               String sampleKey, Instant reportedAt) implements AtelierEvent {

    public static final int SCHEMA_VERSION = 1;

    public TrainingProgress {
        losses = losses == null ? null : Map.copyOf(losses);
    }

    @Override
    public String partitionKey() {
        return style;
    }
}
