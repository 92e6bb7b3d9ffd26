package io.atelier.schemas.training;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.atelier.schemas.events.TrainingRequested;

import java.time.Instant;
import java.util.Map;

/**
 * {@code runs/{runId}/run.json}: the durable state of a training run. The trainer writes it before it
 * acknowledges the request and after every checkpoint, so a restarted trainer resumes from it and any
 * service can report on it. Read tolerantly (unknown fields ignored): replicas of different versions
 * share these records during a rolling upgrade, unlike events, whose schemas are closed.
 *
 * @param runId          the run
 * @param style          style name
 * @param state          where it is
 * @param request        the request as received
 * @param step           steps done at the last checkpoint
 * @param totalSteps     steps planned
 * @param checkpoint     key prefix of the last checkpoint, if any
 * @param losses         latest losses by name
 * @param modelVersion   the published version, once succeeded
 * @param failure        why it failed, once failed
 * @param adoptions      times the run was adopted from a replica that went away since its step last
 *                       advanced: a run that keeps taking its replica down shows here
 * @param updatedAt      when this record was written
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainingRun(String runId, String style, TrainingState state, TrainingRequested request, long step,
                          long totalSteps, String checkpoint, Map<String, Double> losses, String modelVersion,
                          String failure, int adoptions, Instant updatedAt) {

    public TrainingRun {
        losses = losses == null ? Map.of() : Map.copyOf(losses);
    }

    /** The same record, written again now: the heartbeat of the replica that holds the run. */
    public TrainingRun touched() {
        return new TrainingRun(runId, style, state, request, step, totalSteps, checkpoint, losses, modelVersion,
                failure, adoptions, Instant.now());
    }

    /** The record of a replica that takes the run over from one that went away. */
    public TrainingRun adopted() {
        return new TrainingRun(runId, style, state, request, step, totalSteps, checkpoint, losses, modelVersion,
                failure, adoptions + 1, Instant.now());
    }

    /** The record after a change of state or step; the adoption count starts again when the step advances. */
    public TrainingRun with(TrainingState newState, long newStep, String newCheckpoint, Map<String, Double> newLosses,
                            String newModelVersion, String newFailure) {
        return new TrainingRun(runId, style, newState, request, newStep, totalSteps, newCheckpoint, newLosses,
                newModelVersion, newFailure, newStep > step ? 0 : adoptions, Instant.now());
    }
}
