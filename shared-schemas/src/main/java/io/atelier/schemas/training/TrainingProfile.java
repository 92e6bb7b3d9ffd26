package io.atelier.schemas.training;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The named training profiles: the one list that the API accepts, training requests carry and the
 * trainer has a plan for. {@code training.requested.schema.json} publishes the same names; a test
 * keeps the two equal.
 */
public enum TrainingProfile {
    /** For smoke tests: seconds on a CPU, visibly untrained. */
    TINY,
    /** About a minute on 2 CPU cores. */
    QUICK,
    /** About seven minutes on 2 CPU cores: quick for three times the steps on larger crops, with an edge term. */
    EXTENDED,
    /** A GPU run. */
    STANDARD,
    /** Quick's values, for requests that set their own parameters. */
    CUSTOM;

    /** {@link #DEFAULT}'s name, for annotations, which need a constant. */
    public static final String DEFAULT_NAME = "quick";

    /** The profile of a request that names none. */
    public static final TrainingProfile DEFAULT = named(DEFAULT_NAME);

    /** The name in requests, events and the API: the constant's name in lower case. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every profile's {@link #wireName()}, in declaration order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(TrainingProfile::wireName).toList();
    }

    /**
     * The profile with this name, in any case and with surrounding blanks.
     *
     * @throws IllegalArgumentException naming the profiles there are
     */
    public static TrainingProfile named(String name) {
        String wanted = name == null ? "" : name.trim();
        return Arrays.stream(values()).filter(p -> p.wireName().equalsIgnoreCase(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown training profile '" + name + "': use "
                        + String.join(", ", names())));
    }
}
