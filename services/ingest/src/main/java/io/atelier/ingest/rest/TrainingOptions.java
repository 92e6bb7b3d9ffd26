package io.atelier.ingest.rest;

import io.atelier.ingest.validation.MultipleOf;
import io.atelier.ingest.validation.TrainingProfileName;
import io.atelier.schemas.events.TrainingParameters;
import io.atelier.schemas.training.TrainingProfile;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.resteasy.reactive.RestForm;

import java.util.function.Function;

/**
 * The training options of {@code POST /api/v1/styles}: a named profile and explicit parameters that
 * override it one by one. Form parts are text; Bean Validation checks each (a number, in its range)
 * so that a typo gets a 400 naming the field ({@code ValidationProblemMapper}) instead of a run that
 * fails minutes later in the trainer. The device is the trainer's setting, not the request's.
 */
public class TrainingOptions {

    private static final String WHOLE = "must be a whole number";
    /** Digits only: {@code @Digits} takes {@code 1e3} for the whole number 1000, which no integer parser reads. */
    private static final String WHOLE_NUMBER = "[+-]?[0-9]+";

    /** Text, not the enum, so that a wrong name is a violation like any other field's. */
    @RestForm
    @TrainingProfileName
    @Schema(implementation = TrainingProfile.class, defaultValue = TrainingProfile.DEFAULT_NAME)
    public String profile;

    @RestForm
    @Pattern(regexp = WHOLE_NUMBER, message = WHOLE)
    @DecimalMin("1")
    @DecimalMax("1000000")
    public String steps;

    @RestForm
    @Pattern(regexp = WHOLE_NUMBER, message = WHOLE)
    @DecimalMin("16")
    @DecimalMax("1024")
    @MultipleOf(4)
    public String cropSize;

    @RestForm
    @Pattern(regexp = WHOLE_NUMBER, message = WHOLE)
    @DecimalMin("1")
    @DecimalMax("64")
    public String batchSize;

    @RestForm
    @DecimalMin("0")
    @DecimalMax("1")
    public String alpha;

    @RestForm
    @DecimalMin("0")
    @DecimalMax("1000000")
    public String lambda;

    @RestForm
    @DecimalMin("0")
    @DecimalMax("1000000")
    public String textureWeight;

    @RestForm
    @Pattern(regexp = WHOLE_NUMBER, message = WHOLE)
    @DecimalMin("4")
    @DecimalMax("256")
    public String generatorWidth;

    @RestForm
    @Pattern(regexp = WHOLE_NUMBER, message = WHOLE)
    @DecimalMin("0")
    @DecimalMax("32")
    public String residualBlocks;

    @RestForm
    @DecimalMin("0.00000001")
    @DecimalMax("1")
    public String learningRate;

    @RestForm
    @Pattern(regexp = WHOLE_NUMBER, message = WHOLE)
    @DecimalMin("-9223372036854775808")
    @DecimalMax("9223372036854775807")
    public String seed;

    /** The profile named, {@link TrainingProfile#DEFAULT} when none is; the constraints have passed. */
    TrainingProfile profile() {
        return profile == null || profile.isBlank() ? TrainingProfile.DEFAULT : TrainingProfile.named(profile);
    }

    /** The explicit parameters, or null when the form sets none; the constraints have passed. */
    TrainingParameters parameters() {
        TrainingParameters parameters = new TrainingParameters(number(steps, Integer::valueOf),
                number(cropSize, Integer::valueOf), number(batchSize, Integer::valueOf),
                number(alpha, Double::valueOf), number(lambda, Double::valueOf),
                number(textureWeight, Double::valueOf), number(generatorWidth, Integer::valueOf),
                number(residualBlocks, Integer::valueOf), number(learningRate, Double::valueOf),
                number(seed, Long::valueOf));
        return parameters.equals(new TrainingParameters(null, null, null, null, null, null, null, null, null, null))
                ? null : parameters;
    }

    private static <T> T number(String value, Function<String, T> parser) {
        return value == null || value.isBlank() ? null : parser.apply(value.trim());
    }
}
