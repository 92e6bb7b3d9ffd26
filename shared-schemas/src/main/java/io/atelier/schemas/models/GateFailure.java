package io.atelier.schemas.models;

import java.util.Locale;

/**
 * One quality-gate threshold a model version missed: why it was held back.
 *
 * @param metric    the {@link ModelEvaluation.Summary} field, e.g. {@code medianSsim}
 * @param value     what the evaluation measured
 * @param threshold the configured bound
 * @param limit     whether the bound is a minimum or a maximum
 */
public record GateFailure(String metric, double value, double threshold, Limit limit) {

    /** Which side of the threshold passes. */
    public enum Limit { MIN, MAX }

    /** A failure if {@code value} breaks the bound, else null. */
    public static GateFailure check(String metric, double value, double threshold, Limit limit) {
        boolean passes = limit == Limit.MIN ? value >= threshold : value <= threshold;
        return passes ? null : new GateFailure(metric, value, threshold, limit);
    }

    /** One line for logs and messages, e.g. {@code medianSsim 0.120 is below the minimum 0.35}. */
    public String describe() {
        return String.format(Locale.ROOT, "%s %.3f is %s %s", metric, value,
                limit == Limit.MIN ? "below the minimum" : "above the maximum", threshold);
    }
}
