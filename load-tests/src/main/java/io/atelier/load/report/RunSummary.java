package io.atelier.load.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one-page result of a load run: settings, counts, rates, latency percentiles and the run cut
 * into windows. Written as Markdown, JSON and a chart by {@link SummaryWriter}.
 *
 * @param title      what ran
 * @param command    the command that ran it
 * @param startedAt  when it started (UTC)
 * @param settings   its settings
 * @param counts     counters: sent, 202, 429, 503, succeeded, failed...
 * @param sent       jobs sent
 * @param completed  jobs completed (each with an end-to-end latency)
 * @param throughput jobs completed a second, from the first send to the last completion
 * @param rates      jobs a second: offered (sent), accepted, completed
 * @param latencies  latency percentiles by name, in milliseconds
 * @param endToEnd   the latency drawn over time in {@code windows}
 * @param windows    the run over time
 * @param notes      lines worth reading beside the numbers
 */
public record RunSummary(String title, String command, String startedAt, Map<String, String> settings,
                         Map<String, Long> counts, long sent, long completed, double throughput,
                         Map<String, Double> rates, Map<String, Stats> latencies,
                         String endToEnd, List<Window> windows, List<String> notes) {

    /** Windows a run is cut into at most (one-second windows up to this many seconds). */
    static final int TARGET_WINDOWS = 30;

    /**
     * Summarises a run.
     *
     * @param sentCounter      the counter of jobs sent
     * @param acceptedCounter  the counter of jobs accepted (202, or acknowledged by the broker)
     * @param completedCounter the counter of jobs done (the end-to-end latency was recorded for each)
     * @param endToEnd         the latency log to draw over time; its samples' moments are the completions
     */
    public static RunSummary of(RunRecorder run, String title, String command, Map<String, String> settings,
                                String sentCounter, String acceptedCounter, String completedCounter,
                                String endToEnd, List<String> notes) {
        Map<String, Stats> latencies = new LinkedHashMap<>();
        for (String name : run.latencyNames()) {
            latencies.put(name, run.latency(name).stats());
        }
        List<Long> sends = run.sends();
        long firstSend = sends.stream().mapToLong(Long::longValue).min().orElse(0);
        long lastSend = sends.stream().mapToLong(Long::longValue).max().orElse(0);
        long lastCompletion = run.latency(endToEnd).lastMillis();
        long end = Math.max(lastSend, lastCompletion);

        long sent = run.total(sentCounter);
        long completed = run.total(completedCounter);
        double throughput = perSecond(completed, lastCompletion - firstSend);
        // n sends span n - 1 intervals
        double offered = perSecond(Math.max(0, sent - 1), lastSend - firstSend);
        Map<String, Double> rates = new LinkedHashMap<>();
        rates.put("offered (sent/s)", offered);
        rates.put("accepted/s", sent == 0 ? 0 : offered * run.total(acceptedCounter) / sent);
        rates.put("completed/s (first send to last completion)", throughput);

        List<Window> windows = new ArrayList<>();
        long windowMillis = windowMillis(end);
        for (long from = 0; from <= end; from += windowMillis) {
            long to = from + windowMillis;
            final long f = from;
            long sentIn = sends.stream().filter(t -> t >= f && t < to).count();
            Stats window = run.latency(endToEnd).statsBetween(from, to);
            windows.add(new Window(from / 1000.0, windowMillis / 1000.0, sentIn, window.count(), window));
        }
        return new RunSummary(title, command, Instant.ofEpochMilli(run.startEpochMillis()).toString(),
                Collections.unmodifiableMap(new LinkedHashMap<>(settings)), run.counts(), sent, completed, throughput,
                rates, latencies, endToEnd, windows,
                List.copyOf(notes));
    }

    /** Whole seconds, so that a run of up to {@link #TARGET_WINDOWS} seconds has one-second windows. */
    static long windowMillis(long spanMillis) {
        long seconds = Math.max(1, (long) Math.ceil(spanMillis / 1000.0 / TARGET_WINDOWS));
        return seconds * 1000;
    }

    static double perSecond(long count, long millis) {
        return millis <= 0 ? 0 : count * 1000.0 / millis;
    }
}
