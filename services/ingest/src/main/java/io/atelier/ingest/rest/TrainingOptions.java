package io.atelier.ingest.rest;

import io.atelier.ingest.IngestProblem;
import io.atelier.schemas.events.TrainingParameters;
import org.jboss.resteasy.reactive.RestForm;

import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The training options of {@code POST /api/v1/styles}: a named profile and explicit parameters that
 * override it one by one. Read as text and checked here, so a typo gets a 400 naming the field instead
 * of a run that fails minutes later in the trainer. The device is the trainer's setting, not the
 * request's.
 */
public class TrainingOptions {

    /** {@code tiny} is for smoke tests: seconds on a CPU, visibly untrained. */
    static final Set<String> PROFILES = Set.of("tiny", "quick", "standard", "custom");

    @RestForm
    public String profile;
    @RestForm
    public String steps;
    @RestForm
    public String cropSize;
    @RestForm
    public String batchSize;
    @RestForm
    public String alpha;
    @RestForm
    public String lambda;
    @RestForm
    public String textureWeight;
    @RestForm
    public String generatorWidth;
    @RestForm
    public String residualBlocks;
    @RestForm
    public String learningRate;
    @RestForm
    public String seed;

    /** The profile name, {@code quick} when none is given. */
    String profileName() {
        String chosen = blank(profile) ? "quick" : profile.trim().toLowerCase(Locale.ROOT);
        if (!PROFILES.contains(chosen)) {
            throw invalid("profile must be one of " + String.join(", ", PROFILES.stream().sorted().toList())
                    + ", was '" + profile + "'");
        }
        return chosen;
    }

    /** The explicit parameters, or null when the form sets none. */
    TrainingParameters parameters() {
        Integer stepCount = integer("steps", steps, 1, 1_000_000);
        Integer crop = integer("cropSize", cropSize, 16, 1024);
        if (crop != null && crop % 4 != 0) {
            throw invalid("cropSize must be a multiple of 4, was " + crop);
        }
        TrainingParameters parameters = new TrainingParameters(stepCount, crop,
                integer("batchSize", batchSize, 1, 64), decimal("alpha", alpha, 0, 1),
                decimal("lambda", lambda, 0, 1e6), decimal("textureWeight", textureWeight, 0, 1e6),
                integer("generatorWidth", generatorWidth, 1, 256), integer("residualBlocks", residualBlocks, 0, 32),
                decimal("learningRate", learningRate, 1e-8, 1), seed("seed", seed), null);
        return parameters.equals(new TrainingParameters(null, null, null, null, null, null, null, null, null, null,
                null)) ? null : parameters;
    }

    private static Integer integer(String field, String value, int min, int max) {
        Long parsed = parse(field, value, Long::parseLong);
        if (parsed != null && (parsed < min || parsed > max)) {
            throw invalid(field + " must be between " + min + " and " + max + ", was " + parsed);
        }
        return parsed == null ? null : parsed.intValue();
    }

    private static Double decimal(String field, String value, double min, double max) {
        Double parsed = parse(field, value, Double::parseDouble);
        if (parsed != null && !(parsed >= min && parsed <= max)) {
            throw invalid(field + " must be between " + min + " and " + max + ", was " + parsed);
        }
        return parsed;
    }

    private static Long seed(String field, String value) {
        return parse(field, value, Long::parseLong);
    }

    private static <T> T parse(String field, String value, Function<String, T> parser) {
        if (blank(value)) {
            return null;
        }
        try {
            return parser.apply(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(field + " must be a number, was '" + value + "'");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static IngestProblem invalid(String detail) {
        return IngestProblem.invalidField(detail);
    }
}
