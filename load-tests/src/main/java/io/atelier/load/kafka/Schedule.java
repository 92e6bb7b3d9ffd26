package io.atelier.load.kafka;

import java.time.Duration;

/**
 * A fixed send schedule: the arrival rate ramps linearly from {@code rampFrom} to {@code rate} over
 * {@code ramp}, then stays at {@code rate} for {@code duration}. Job {@code i} (from 0) is due when
 * the integral of the rate reaches {@code i}. Latencies count from these intended times, not from
 * when a send actually happened, so a producer that falls behind (a blocked send, a GC pause) cannot
 * hide the delay: no coordinated omission.
 */
public record Schedule(double rampFrom, double rate, Duration ramp, Duration duration) {

    public Schedule {
        if (!(rate > 0) || rampFrom < 0 || ramp.isNegative() || duration.isNegative()) {
            throw new IllegalArgumentException("bad schedule " + rampFrom + " -> " + rate + ", " + ramp + ", " + duration);
        }
    }

    private double rampSeconds() {
        return ramp.toNanos() / 1e9;
    }

    private double rampJobs() {
        return (rampFrom + rate) / 2 * rampSeconds();
    }

    /** How many jobs the schedule holds. */
    public long count() {
        return (long) Math.floor(rampJobs() + rate * duration.toNanos() / 1e9 + 1e-9);
    }

    /** When job {@code i} is due, in nanoseconds after the start. */
    public long offsetNanos(long i) {
        if (i < 0 || i >= count()) {
            throw new IndexOutOfBoundsException("job " + i + " of " + count());
        }
        double seconds;
        if (i < rampJobs()) {
            double t = rampSeconds();
            double a = (rate - rampFrom) / (2 * t);
            seconds = Math.abs(a) < 1e-12 ? i / rampFrom
                    : (-rampFrom + Math.sqrt(rampFrom * rampFrom + 4 * a * i)) / (2 * a);
        } else {
            seconds = rampSeconds() + (i - rampJobs()) / rate;
        }
        return Math.round(seconds * 1e9);
    }
}
