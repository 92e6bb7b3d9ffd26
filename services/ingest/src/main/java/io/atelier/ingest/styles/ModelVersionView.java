package io.atelier.ingest.styles;

import io.atelier.schemas.models.GateFailure;
import io.atelier.schemas.models.GateVerdict;
import io.atelier.schemas.models.ModelEvaluation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * A model version with what its evaluation on the held-out photos found.
 *
 * @param version    the version
 * @param current    whether jobs that pin no version use it
 * @param heldBack   stored, but the quality gate kept the pointer from it (and no admin has made it current)
 * @param heldBackBy the thresholds it missed, when held back
 * @param evaluation its evaluation, absent for versions stored before evaluations existed
 */
@Schema(name = "ModelVersion", description = "A model version, its quality evaluation and whether the gate held it back.")
public record ModelVersionView(
        @Schema(required = true) String version,
        @Schema(required = true) boolean current,
        @Schema(required = true) boolean heldBack,
        List<GateFailure> heldBackBy,
        Evaluation evaluation) {

    /**
     * The version's {@code evaluation.json} as the API shows it.
     *
     * @param evaluatedAt      when the generator ran
     * @param summary          medians over the photos (what the gate reads)
     * @param photos           per photo
     * @param gate             the gate's verdict when the version was stored
     * @param contactSheetUrl  presigned URL of the contact sheet (photos over outputs)
     * @param contactSheetExpiresAt when that URL stops working
     */
    @Schema(name = "ModelEvaluation")
    public record Evaluation(Instant evaluatedAt, ModelEvaluation.Summary summary, List<ModelEvaluation.Photo> photos,
                             GateVerdict gate, String contactSheetUrl, Instant contactSheetExpiresAt) {
    }

    static ModelVersionView of(String version, boolean current, ModelEvaluation evaluation, String contactSheetUrl,
                               Instant expiresAt) {
        if (evaluation == null) {
            return new ModelVersionView(version, current, false, null, null);
        }
        boolean heldBack = !current && evaluation.gate().holdsBack();
        return new ModelVersionView(version, current, heldBack, heldBack ? evaluation.gate().failures() : null,
                new Evaluation(evaluation.evaluatedAt(), evaluation.summary(), evaluation.photos(), evaluation.gate(),
                        contactSheetUrl, expiresAt));
    }
}
