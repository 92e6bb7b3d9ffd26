package io.atelier.schemas.models;

import java.time.Instant;
import java.util.List;

/**
 * {@code models/{style}/{version}/evaluation.json}: the version run on a fixed set of photos when it
 * was stored, the quality statistics of its outputs and the gate's verdict. Schema:
 * {@value #SCHEMA_ID}. Style statistics are absent when no style image was at hand (an import).
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param style         style name
 * @param version       model version
 * @param evaluatedAt   when the generator ran
 * @param side          side of the square photos, in pixels
 * @param photoSet      which photos (e.g. {@code infra/samples/holdout})
 * @param styleImage    the object key (or file name) of the style image compared against, if any
 * @param photos        per photo
 * @param summary       over the photos; what the gate reads
 * @param gate          the gate's verdict
 */
public record ModelEvaluation(int schemaVersion, String style, String version, Instant evaluatedAt, int side,
                              String photoSet, String styleImage, List<Photo> photos, Summary summary,
                              GateVerdict gate) {

    public static final int SCHEMA_VERSION = 1;
    public static final String SCHEMA_ID = "https://schemas.atelier.io/v1/model-evaluation.schema.json";

    public ModelEvaluation {
        photos = List.copyOf(photos);
    }

    /**
     * One photo and its styled output.
     *
     * @param name                 file name
     * @param styleDistanceBefore  colour distance of the photo to the style image (0 same palette, 1 disjoint)
     * @param styleDistanceAfter   the same for the output
     * @param textureDistanceBefore texture distance of the photo to the style image (Gram statistics of a
     *                             fixed random network; 0 same, towards 1 unrelated)
     * @param textureDistanceAfter the same for the output
     * @param ssim                 luminance SSIM of output to photo (1 identical structure)
     * @param borderRatio          edge contrast against the interior, output over photo (1 = no frame)
     * @param blackLevelBefore     5th luminance percentile of the photo (0-255)
     * @param blackLevelAfter      the same for the output
     */
    public record Photo(String name, Double styleDistanceBefore, Double styleDistanceAfter,
                        Double textureDistanceBefore, Double textureDistanceAfter, double ssim,
                        double borderRatio, double blackLevelBefore, double blackLevelAfter) {
    }

    /**
     * Over all photos.
     *
     * @param styleRatio           mean colour distance to the style after over before (lower: closer to
     *                             the painting); absent without a style image
     * @param textureRatio         mean texture distance to the style after over before (lower: the
     *                             painting's strokes and edges taken); absent without a style image
     * @param minSsim              lowest luminance SSIM
     * @param medianSsim           median luminance SSIM (higher: more of the photo's structure kept)
     * @param medianBorderRatio    median border ratio (near 1 good; above: a frame)
     * @param medianBlackLevelRise median rise of the black level (grey levels; lower: blacks kept)
     */
    public record Summary(Double styleRatio, Double textureRatio, double minSsim, double medianSsim,
                          double medianBorderRatio, double medianBlackLevelRise) {
    }
}
