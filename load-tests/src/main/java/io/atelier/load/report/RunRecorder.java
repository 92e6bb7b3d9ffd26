package io.atelier.load.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one load run observed: named counters (202, 429, succeeded...), named latency logs, and the
 * moments jobs were sent, all relative to the run's start. Thread-safe.
 */
public final class RunRecorder {

    private final long startNanos;
    private final long startEpochMillis;
    private final Map<String, AtomicLong> counts = new LinkedHashMap<>();
    private final Map<String, LatencyLog> latencies = new LinkedHashMap<>();
    private final List<Long> sends = new ArrayList<>();

    /**
     * @param counters  counter names, in the order the summary lists them (each starts at 0)
     * @param latencies latency names, in the order the summary lists them
     */
    public RunRecorder(List<String> counters, List<String> latencies) {
        this(System.nanoTime(), System.currentTimeMillis(), counters, latencies);
    }

    RunRecorder(long startNanos, long startEpochMillis, List<String> counters, List<String> latencies) {
        this.startNanos = startNanos;
        this.startEpochMillis = startEpochMillis;
        counters.forEach(name -> counts.put(name, new AtomicLong()));
        latencies.forEach(name -> this.latencies.put(name, new LatencyLog()));
    }

    public long startNanos() {
        return startNanos;
    }

    public long startEpochMillis() {
        return startEpochMillis;
    }

    /** Milliseconds since the run's start. */
    public long millisAt(long nanoTime) {
        return (nanoTime - startNanos) / 1_000_000;
    }

    public long nowMillis() {
        return millisAt(System.nanoTime());
    }

    public void count(String name) {
        counter(name).incrementAndGet();
    }

    public long total(String... names) {
        long sum = 0;
        for (String name : names) {
            sum += counter(name).get();
        }
        return sum;
    }

    private synchronized AtomicLong counter(String name) {
        return counts.computeIfAbsent(name, k -> new AtomicLong());
    }

    public synchronized LatencyLog latency(String name) {
        LatencyLog log = latencies.get(name);
        if (log == null) {
            throw new IllegalArgumentException("no latency named " + name + "; known: " + latencies.keySet());
        }
        return log;
    }

    /** A job was sent at this moment (milliseconds since the start). */
    public synchronized void sent(long atMillis) {
        sends.add(atMillis);
    }

    public synchronized Map<String, Long> counts() {
        Map<String, Long> copy = new LinkedHashMap<>();
        counts.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    public synchronized List<String> latencyNames() {
        return List.copyOf(latencies.keySet());
    }

    public synchronized List<Long> sends() {
        return List.copyOf(sends);
    }
}
