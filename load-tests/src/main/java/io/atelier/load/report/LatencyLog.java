package io.atelier.load.report;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Latencies of one kind (accept, end to end) in an HdrHistogram (microseconds, 3 significant
 * digits), each with the moment it was observed so that a run can also be drawn over time. Values
 * above an hour are counted as an hour. Thread-safe.
 */
public final class LatencyLog {

    static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    private final Histogram histogram = new Histogram(HIGHEST_MICROS, 3);
    private final List<long[]> samples = new ArrayList<>();

    /**
     * @param atMillis      when the latency ended, in milliseconds since the run's start
     * @param latencyMicros the latency
     */
    public synchronized void record(long atMillis, long latencyMicros) {
        long value = Math.max(0, Math.min(HIGHEST_MICROS, latencyMicros));
        histogram.recordValue(value);
        samples.add(new long[]{atMillis, value});
    }

    public synchronized Stats stats() {
        return Stats.of(histogram);
    }

    /** The samples observed in {@code [fromMillis, toMillis)}, as a histogram of their own. */
    public synchronized Stats statsBetween(long fromMillis, long toMillis) {
        Histogram window = new Histogram(HIGHEST_MICROS, 3);
        for (long[] sample : samples) {
            if (sample[0] >= fromMillis && sample[0] < toMillis) {
                window.recordValue(sample[1]);
            }
        }
        return Stats.of(window);
    }

    /** When the last sample was observed, in milliseconds since the run's start; 0 when none. */
    public synchronized long lastMillis() {
        return samples.stream().mapToLong(s -> s[0]).max().orElse(0);
    }
}
