package io.atelier.schemas.storage;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The object-key layout inside the {@link Bucket}s. Keys are built only from identifiers that the
 * services generate or validate here, never from raw user input, so a key can never escape its prefix.
 */
public final class ObjectKeys {

    /** Style names: lower-case slug, 2 to 64 characters. */
    public static final Pattern STYLE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}[a-z0-9]");
    /** Model versions: {@code v} and a positive number, for example {@code v3}. */
    public static final Pattern MODEL_VERSION = Pattern.compile("v[1-9][0-9]{0,8}");
    /** Corpus names and file names under a prefix: a safe, flat name. */
    public static final Pattern SIMPLE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** Prefix of every training run, for listing them. */
    public static final String RUNS_ROOT = "runs/";
    /** Prefix of the markers of unfinished runs, so that finding them reads only those. */
    public static final String ACTIVE_RUNS_ROOT = "active-runs/";
    /** Prefix of every style in the registry, for listing them. */
    public static final String MODELS_ROOT = "models/";
    /** Prefix of every style's training images, for finding a style's runs. */
    public static final String STYLES_ROOT = "styles/";

    private static final Pattern STYLE_IMAGE_KEY = Pattern.compile(
            "styles/([^/]+)/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/style-[0-9]{3}\\.png");

    private static final Pattern MANIFEST_KEY = Pattern.compile("models/([^/]+)/(v[1-9][0-9]{0,8})/manifest\\.json");

    /**
     * A model version named by its manifest's key.
     *
     * @param style   style name
     * @param version model version
     */
    public record ModelVersionKey(String style, String version) {
        /** The version's number ({@code 3} for {@code v3}), for ordering. */
        public int number() {
            return Integer.parseInt(version.substring(1));
        }
    }

    private ObjectKeys() {
    }

    // --- uploads ---------------------------------------------------------------------------

    /**
     * Record of what an {@code Idempotency-Key} created, in the uploads bucket. The caller's key is
     * hashed by the caller of this method: no user text reaches the object key.
     */
    public static String idempotencyRecord(String sha256) {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("invalid idempotency hash '" + sha256 + "': use lower-case hex SHA-256");
        }
        return "idempotency/" + sha256 + ".json";
    }

    /** The normalised input of a job (always PNG, 8-bit sRGB). */
    public static String uploadInput(String jobId) {
        return "uploads/" + uuid(jobId, "jobId") + "/input.png";
    }

    // --- results ---------------------------------------------------------------------------

    /** The styled output of a job; the same key on every redelivery. */
    public static String resultOutput(String jobId, String extension) {
        return "results/" + uuid(jobId, "jobId") + "/output." + name(extension, "extension");
    }

    /** The job's status record (JSON), written by whoever moved the job last. */
    public static String jobStatus(String jobId) {
        return "jobs/" + uuid(jobId, "jobId") + "/status.json";
    }

    // --- styles and content ----------------------------------------------------------------

    /**
     * A training run of a style, named by the key of one of its style images.
     *
     * @param style style name
     * @param runId training run
     */
    public record StyleRunKey(String style, String runId) {
    }

    /** The run a key belongs to when it is a run's style image; empty for any other key. */
    public static java.util.Optional<StyleRunKey> styleRunOf(String key) {
        var matcher = STYLE_IMAGE_KEY.matcher(key);
        return matcher.matches() ? java.util.Optional.of(new StyleRunKey(matcher.group(1), matcher.group(2)))
                : java.util.Optional.empty();
    }

    /** Prefix of the style images of every training run of a style. */
    public static String styleRunsPrefix(String style) {
        return STYLES_ROOT + style(style) + "/";
    }

    /** Prefix of the style images of one training run. */
    public static String styleImagesPrefix(String style, String runId) {
        return styleRunsPrefix(style) + uuid(runId, "runId") + "/";
    }

    /** One style image of a run, numbered from 0. */
    public static String styleImage(String style, String runId, int index) {
        return styleImagesPrefix(style, runId) + String.format(Locale.ROOT, "style-%03d.png", index);
    }

    /** Prefix of a content corpus. */
    public static String contentCorpusPrefix(String corpus) {
        return "content/" + name(corpus, "corpus") + "/";
    }

    /** One photo of a content corpus. */
    public static String contentImage(String corpus, String fileName) {
        return contentCorpusPrefix(corpus) + name(fileName, "fileName");
    }

    // --- training --------------------------------------------------------------------------

    /** Prefix of everything a training run writes. */
    public static String runPrefix(String runId) {
        return RUNS_ROOT + uuid(runId, "runId") + "/";
    }

    /** An empty object that exists while the run is unfinished. */
    public static String activeRunMarker(String runId) {
        return ACTIVE_RUNS_ROOT + uuid(runId, "runId");
    }

    /** The run id an active-run marker names. */
    public static String runIdOfMarker(String key) {
        return uuid(key.substring(key.lastIndexOf('/') + 1), "runId");
    }

    /** The run's durable state (JSON): the request, status and last checkpoint. */
    public static String runState(String runId) {
        return runPrefix(runId) + "run.json";
    }

    /** Prefix of one checkpoint; the trainer writes its parameter files below it. */
    public static String checkpointPrefix(String runId, long step) {
        return runPrefix(runId) + String.format(Locale.ROOT, "checkpoints/step-%09d/", nonNegative(step));
    }

    /** A sample grid (content next to styled) written during training. */
    public static String trainingSample(String runId, long step) {
        return runPrefix(runId) + String.format(Locale.ROOT, "samples/step-%09d.png", nonNegative(step));
    }

    // --- model registry --------------------------------------------------------------------

    /** Prefix of all versions of a style. */
    public static String modelsPrefix(String style) {
        return MODELS_ROOT + style(style) + "/";
    }

    /** The version a key names when it is a version's manifest; empty for any other key. */
    public static java.util.Optional<ModelVersionKey> modelVersionOf(String key) {
        var matcher = MANIFEST_KEY.matcher(key);
        return matcher.matches() ? java.util.Optional.of(new ModelVersionKey(matcher.group(1), matcher.group(2)))
                : java.util.Optional.empty();
    }

    /** The ONNX generator of one immutable version. */
    public static String modelGenerator(String style, String version) {
        return modelsPrefix(style) + version(version) + "/generator.onnx";
    }

    /** The manifest (JSON) of one immutable version. */
    public static String modelManifest(String style, String version) {
        return modelsPrefix(style) + version(version) + "/manifest.json";
    }

    /** The quality evaluation (JSON, {@code ModelEvaluation}) of one version, written when it was stored. */
    public static String modelEvaluation(String style, String version) {
        return modelsPrefix(style) + version(version) + "/evaluation.json";
    }

    /** The evaluation's contact sheet (PNG): the photos over the version's outputs. */
    public static String modelContactSheet(String style, String version) {
        return modelsPrefix(style) + version(version) + "/contact-sheet.png";
    }

    /** The pointer (JSON) to a style's current version; rollback rewrites only this object. */
    public static String currentModelPointer(String style) {
        return modelsPrefix(style) + "current.json";
    }

    // --- validation ------------------------------------------------------------------------

    /** Returns the style name if it is a valid slug, else fails with a message naming the rule. */
    public static String style(String style) {
        return matching(style, STYLE_NAME, "style", "2-64 lower-case letters, digits and dashes");
    }

    public static String version(String version) {
        return matching(version, MODEL_VERSION, "model version", "'v' followed by a number, e.g. v3");
    }

    private static String name(String value, String what) {
        return matching(value, SIMPLE_NAME, what, "letters, digits, '.', '_' and '-'");
    }

    private static String matching(String value, Pattern pattern, String what, String rule) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid " + what + " '" + value + "': use " + rule);
        }
        return value;
    }

    private static String uuid(String value, String what) {
        try {
            if (value != null && UUID.fromString(value).toString().equals(value)) {
                return value;
            }
        } catch (IllegalArgumentException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("invalid " + what + " '" + value + "': use a lower-case UUID");
    }

    private static long nonNegative(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, was " + step);
        }
        return step;
    }
}
