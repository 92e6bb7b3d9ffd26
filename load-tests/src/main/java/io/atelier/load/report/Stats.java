package io.atelier.load.report;

import org.HdrHistogram.Histogram;

/**
 * Summary of a latency distribution, in milliseconds. All zero when {@code count} is 0.
 */
public record Stats(long count, double p50, double p95, double p99, double max, double mean) {

    public static final Stats EMPTY = new Stats(0, 0, 0, 0, 0, 0);

    /** From a histogram of microseconds. */
    public static Stats of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return EMPTY;
        }
        return new Stats(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)),
                ms(micros.getValueAtPercentile(95)), ms(micros.getValueAtPercentile(99)), ms(micros.getMaxValue()),
                micros.getMean() / 1000.0);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
