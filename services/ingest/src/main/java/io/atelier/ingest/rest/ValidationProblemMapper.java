package io.atelier.ingest.rest;

import io.atelier.ingest.IngestProblem;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Request fields that break their constraints become one 400 {@code invalid-field} problem whose
 * detail names each field, what it must be and what was sent, instead of Quarkus' own violation
 * report. Only request parameters carry constraints here, so every violation is the caller's.
 */
public class ValidationProblemMapper {

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        Map<String, String> messages = new TreeMap<>();
        Map<String, Object> values = new TreeMap<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            String field = field(violation.getPropertyPath());
            messages.merge(field, violation.getMessage(), (a, b) -> a + ", " + b);
            values.put(field, violation.getInvalidValue());
        }
        return IngestProblem.invalidField(messages.entrySet().stream()
                .map(f -> f.getKey() + " " + f.getValue() + ", was '" + values.get(f.getKey()) + "'")
                .collect(Collectors.joining("; "))).toResponse();
    }

    /** The last node of a path like {@code train.options.steps}. */
    private static String field(Path path) {
        String name = null;
        for (Path.Node node : path) {
            name = node.getName();
        }
        return name;
    }
}
