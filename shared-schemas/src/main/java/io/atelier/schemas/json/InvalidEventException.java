package io.atelier.schemas.json;

import java.util.List;

/** A document that breaks its contract; each problem names the offending field. */
public class InvalidEventException extends Exception {

    private final List<String> problems;

    public InvalidEventException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidEventException(String problem, Throwable cause) {
        super(problem, cause);
        this.problems = List.of(problem);
    }

    public List<String> problems() {
        return problems;
    }
}
