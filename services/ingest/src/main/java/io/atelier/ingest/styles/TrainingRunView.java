package io.atelier.ingest.styles;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.atelier.schemas.training.TrainingRun;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * A training run as its record shows it; {@code queued}, with nothing else, while no trainer has
 * recorded it yet.
 *
 * @param runId        the run's id
 * @param state        queued, running, succeeded, failed, or unreadable (its record does not parse)
 * @param step         the step of the last checkpoint
 * @param totalSteps   the steps the run will take
 * @param losses       the losses at the last progress report
 * @param modelVersion the version the run published, once it has
 * @param failure      why it failed, if it did; why its record is unreadable
 * @param updatedAt    when its record last changed; null while queued
 */
@Schema(name = "TrainingRun")
public record TrainingRunView(
        @Schema(format = "uuid", required = true) String runId,
        @Schema(required = true, description = "queued until a trainer records the run; then the run's state; "
                + "unreadable when its record does not parse (failure says why)")
        String state,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long step,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long totalSteps,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Double> losses,
        String modelVersion,
        String failure,
        Instant updatedAt) {

    static TrainingRunView queued(String runId) {
        return new TrainingRunView(runId, "queued", null, null, null, null, null, null);
    }

    static TrainingRunView unreadable(String runId, String reason) {
        return new TrainingRunView(runId, "unreadable", null, null, null, null, reason, null);
    }

    static TrainingRunView of(TrainingRun run) {
        return new TrainingRunView(run.runId(), run.state().name().toLowerCase(Locale.ROOT), run.step(),
                run.totalSteps(), run.losses(), run.modelVersion(), run.failure(), run.updatedAt());
    }
}
