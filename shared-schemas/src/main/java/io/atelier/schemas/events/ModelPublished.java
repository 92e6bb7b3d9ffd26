package io.atelier.schemas.events;

import io.atelier.schemas.models.GateFailure;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A new immutable model version is in the registry and is now the style's current version, unless
 * {@code heldBack} lists the quality-gate thresholds it missed: then it is stored, the pointer stayed
 * where it was, and consumers must not switch to it (an admin may promote it by hand). Delivery is at
 * least once, and a late copy (a resumed run's, or one that lost a race with another replica) can name
 * a version a later one has superseded since: order by {@code publishedAt}, or read the pointer.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param style         style name
 * @param version       the new version
 * @param model         the ONNX generator
 * @param manifest      the version's manifest
 * @param runId         the training run that produced it; absent for models registered by hand
 * @param metrics       final metrics by name
 * @param publishedAt   when the current-version pointer moved (or, when held back, when it was stored)
 * @param evaluation    the version's {@code evaluation.json}, when it has one
 * @param heldBack      the gate thresholds the version missed; absent when it is now current
 */
public record ModelPublished(int schemaVersion, String style, String version, ObjectRef model, ObjectRef manifest,
                             String runId, Map<String, Double> metrics, Instant publishedAt, ObjectRef evaluation,
                             List<GateFailure> heldBack) implements AtelierEvent {

    public static final int SCHEMA_VERSION = 1;

    public ModelPublished {
        metrics = metrics == null ? null : Map.copyOf(metrics);
        heldBack = heldBack == null || heldBack.isEmpty() ? null : List.copyOf(heldBack);
    }

    /** A current version without an evaluation (models published before evaluations existed, tests). */
    public ModelPublished(int schemaVersion, String style, String version, ObjectRef model, ObjectRef manifest,
                          String runId, Map<String, Double> metrics, Instant publishedAt) {
        this(schemaVersion, style, version, model, manifest, runId, metrics, publishedAt, null, null);
    }

    /** Whether the style's current pointer now names this version (false when the gate held it back). */
    public boolean becameCurrent() {
        return heldBack == null;
    }

    @Override
    public String partitionKey() {
        return style;
    }
}
