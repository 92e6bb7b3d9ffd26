package io.atelier.generator.evaluation;

import io.atelier.schemas.models.GateFailure;
import io.atelier.schemas.models.ModelEvaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The quality gate's bounds on an evaluation's summary. The style bound applies only when the
 * evaluation had a style image to compare against.
 *
 * @param minSsim        lowest median luminance SSIM that passes
 * @param maxBorderRatio highest median border ratio that passes
 * @param maxStyleRatio  highest style ratio (colour distance to the style after over before) that passes
 */
public record QualityThresholds(double minSsim, double maxBorderRatio, double maxStyleRatio) {

    /**
     * The trainer's defaults: the quick profile measured median SSIM 0.45 to 0.50, border ratio 0.92 to
     * 1.11 and style ratio 0.58 to 0.69 (BENCHMARKS.md), so these leave a margin on each; an identity
     * model passes SSIM and border but not style (ratio 1), an inverting one fails SSIM.
     */
    public static final QualityThresholds DEFAULTS = new QualityThresholds(QualityThresholds.MIN_SSIM,
            QualityThresholds.MAX_BORDER_RATIO, QualityThresholds.MAX_STYLE_RATIO);

    /** Default lowest median SSIM (a constant, so that configuration defaults can name it). */
    public static final double MIN_SSIM = 0.35;
    /** Default highest median border ratio. */
    public static final double MAX_BORDER_RATIO = 1.3;
    /** Default highest style ratio. */
    public static final double MAX_STYLE_RATIO = 0.85;

    /** The thresholds the summary misses, in the order SSIM, border, style; empty when it passes. */
    public List<GateFailure> failures(ModelEvaluation.Summary summary) {
        List<GateFailure> failures = new ArrayList<>();
        failures.add(GateFailure.check("medianSsim", summary.medianSsim(), minSsim, GateFailure.Limit.MIN));
        failures.add(GateFailure.check("medianBorderRatio", summary.medianBorderRatio(), maxBorderRatio,
                GateFailure.Limit.MAX));
        if (summary.styleRatio() != null) {
            failures.add(GateFailure.check("styleRatio", summary.styleRatio(), maxStyleRatio, GateFailure.Limit.MAX));
        }
        return failures.stream().filter(Objects::nonNull).toList();
    }
}
