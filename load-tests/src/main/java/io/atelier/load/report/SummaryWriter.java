package io.atelier.load.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link RunSummary} as {@code summary.md} (one page: settings, counts, rates, percentiles,
 * a link to the chart), {@code summary.json} (read back by the sweep) and {@code summary.png}.
 */
public final class SummaryWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryWriter() {
    }

    /** Writes the three files into {@code folder} and returns the Markdown file. */
    public static Path write(RunSummary summary, Path folder) throws IOException {
        Files.createDirectories(folder);
        Path markdown = folder.resolve("summary.md");
        Files.writeString(markdown, markdown(summary, "summary.png"));
        JSON.writeValue(folder.resolve("summary.json").toFile(), summary);
        SummaryChart.write(summary, folder.resolve("summary.png"));
        return markdown;
    }

    public static RunSummary read(Path summaryJson) throws IOException {
        return JSON.readValue(summaryJson.toFile(), RunSummary.class);
    }

    /** The one-page Markdown summary; {@code chart} is the chart's file name, or null for none. */
    public static String markdown(RunSummary s, String chart) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(s.title()).append("\n\n");
        md.append("Started ").append(s.startedAt()).append(". Command:\n\n```bash\n").append(s.command())
                .append("\n```\n\n");
        md.append("| setting | value |\n|---|---|\n");
        s.settings().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("\n| count | value |\n|---|---|\n");
        s.counts().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("\n| throughput | jobs/s |\n|---|---|\n");
        s.rates().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(fmt(v)).append(" |\n"));
        md.append("\n").append(latencyTable(s.latencies()));
        if (!s.notes().isEmpty()) {
            md.append("\n");
            s.notes().forEach(note -> md.append("- ").append(note).append("\n"));
        }
        if (chart != null) {
            md.append("\n![throughput and ").append(s.endToEnd()).append(" p50/p99 over time](").append(chart)
                    .append(")\n");
        }
        md.append("\n| t (s) | sent/s | completed/s | ").append(s.endToEnd()).append(" p50 (ms) | p99 (ms) |\n");
        md.append("|---|---|---|---|---|\n");
        for (Window w : s.windows()) {
            md.append("| ").append(fmt(w.startSeconds())).append(" | ").append(fmt(w.sentPerSecond())).append(" | ")
                    .append(fmt(w.completedPerSecond())).append(" | ")
                    .append(w.completed() == 0 ? "-" : fmt(w.latency().p50())).append(" | ")
                    .append(w.completed() == 0 ? "-" : fmt(w.latency().p99())).append(" |\n");
        }
        return md.toString();
    }

    /** A Markdown table of latency percentiles, one row per latency. */
    public static String latencyTable(Map<String, Stats> latencies) {
        StringBuilder md = new StringBuilder("| latency (ms) | count | p50 | p95 | p99 | max | mean |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        latencies.forEach((name, st) -> md.append("| ").append(name).append(" | ").append(st.count()).append(" | ")
                .append(fmt(st.p50())).append(" | ").append(fmt(st.p95())).append(" | ").append(fmt(st.p99()))
                .append(" | ").append(fmt(st.max())).append(" | ").append(fmt(st.mean())).append(" |\n"));
        return md.toString();
    }

    /** Numbers as the tables show them: one decimal, or two below 10. */
    public static String fmt(double value) {
        return String.format(Locale.ROOT, Math.abs(value) < 10 ? "%.2f" : "%.1f", value);
    }
}
