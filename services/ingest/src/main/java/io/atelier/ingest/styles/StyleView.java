package io.atelier.ingest.styles;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * A style as the registry and the training records show it.
 *
 * @param name           the style's name
 * @param currentVersion the version jobs are styled with, or null while none is published
 * @param versions       every published version, oldest first
 * @param models         the same versions with their quality evaluations and whether the gate held them back;
 *                       in the listing of every style only the current version
 * @param training       its training runs, the most recently updated first (queued ones before them)
 */
@Schema(name = "Style", description = "A style with its model versions and training runs.")
public record StyleView(
        @Schema(required = true) String name,
        String currentVersion,
        @Schema(required = true) List<String> versions,
        @Schema(required = true, description = "The versions with their quality evaluations; in the listing "
                + "of every style only the current version (GET /api/v1/styles/{name} has them all).")
        List<ModelVersionView> models,
        @Schema(required = true) List<TrainingRunView> training) {
}
