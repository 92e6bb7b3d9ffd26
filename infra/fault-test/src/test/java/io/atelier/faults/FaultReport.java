package io.atelier.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The suite's table, one row per fault, written as Markdown for RELIABILITY.md. */
final class FaultReport {

    /**
     * @param fault         what was done to the fleet
     * @param accepted      jobs the fleet accepted (Kafka acknowledgements and HTTP 202s)
     * @param completed     of those, jobs with a completion event
     * @param failed        of those, jobs with a failure event
     * @param lost          of those, jobs with no terminal event at the end
     * @param repeats       completion events beyond one per job (at-least-once redelivery)
     * @param refusals      HTTP attempts refused or unanswered: 503 / 429 / 409 (the attempt before, still in
     *                      flight, holds the Idempotency-Key) / no answer / other
     * @param unacknowledged Kafka sends the producer gave up on (its sender is told; not accepted)
     * @param recoverySeconds from the end of the fault to the first completion after it; -1 when none
     * @param restarted     processes whose pid changed, besides the ones the fault killed
     */
    record Row(String fault, int accepted, int completed, int failed, int lost, int repeats, String refusals,
               int unacknowledged, double recoverySeconds, List<String> restarted) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
        System.out.println("FAULT ROW: " + line(row));
    }

    /** A line under the table, for what the suite measures across its faults rather than per fault. */
    void note(String line) {
        notes.add(line);
        System.out.println("FAULT NOTE: " + line);
    }

    void write(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("| fault | accepted | completed | failed | lost | repeated completions "
                + "| HTTP 503 / 429 / 409 / no answer / other | Kafka sends not acknowledged "
                + "| first completion after the fault (s) | other processes restarted |");
        lines.add("|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(row -> lines.add(line(row)));
        if (!notes.isEmpty()) {
            lines.add("");
            lines.addAll(notes);
        }
        Files.createDirectories(file.getParent());
        Files.write(file, lines);
    }

    private static String line(Row row) {
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %s | %d | %s | %s |", row.fault(),
                row.accepted(), row.completed(), row.failed(), row.lost(), row.repeats(), row.refusals(),
                row.unacknowledged(),
                row.recoverySeconds() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", row.recoverySeconds()),
                row.restarted().isEmpty() ? "none" : String.join(", ", row.restarted()));
    }
}
