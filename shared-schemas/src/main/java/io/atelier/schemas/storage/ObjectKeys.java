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

    private ObjectKeys() {
    }

    // --- uploads ---------------------------------------------------------------------------

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

    /** Prefix of the style images of one training run. */
    public static String styleImagesPrefix(String style, String runId) {
        return "styles/" + style(style) + "/" + uuid(runId, "runId") + "/";
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
        return "runs/" + uuid(runId, "runId") + "/";
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
        return "models/" + style(style) + "/";
    }

    /** The ONNX generator of one immutable version. */
    public static String modelGenerator(String style, String version) {
        return modelsPrefix(style) + version(version) + "/generator.onnx";
    }

    /** The manifest (JSON) of one immutable version. */
    public static String modelManifest(String style, String version) {
        return modelsPrefix(style) + version(version) + "/manifest.json";
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
