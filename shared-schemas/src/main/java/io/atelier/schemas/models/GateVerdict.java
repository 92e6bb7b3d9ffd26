package io.atelier.schemas.models;

import java.util.List;

/**
 * What the trainer's quality gate decided about a version when it was stored.
 *
 * @param outcome  passed (the pointer moved), failed (held back) or skipped (gate off, or the run's
 *                 profile is exempt)
 * @param failures the thresholds missed; empty unless failed
 * @param note     why it was skipped, if it was
 */
public record GateVerdict(Outcome outcome, List<GateFailure> failures, String note) {

    /** The gate's decision. */
    public enum Outcome { PASSED, FAILED, SKIPPED }

    public GateVerdict {
        failures = failures == null ? List.of() : List.copyOf(failures);
    }

    /** Passed unless a failure is given. */
    public static GateVerdict of(List<GateFailure> failures) {
        return new GateVerdict(failures.isEmpty() ? Outcome.PASSED : Outcome.FAILED, failures, null);
    }

    public static GateVerdict skipped(String note) {
        return new GateVerdict(Outcome.SKIPPED, List.of(), note);
    }

    /** True when the version was stored but the current pointer stayed where it was. */
    public boolean holdsBack() {
        return outcome == Outcome.FAILED;
    }
}
