package io.atelier.load.report;

/**
 * One time slice of a run, for the chart and the summary's table.
 *
 * @param startSeconds when the slice starts, seconds since the run's start
 * @param seconds      its length
 * @param sent         jobs sent in it
 * @param completed    jobs completed in it
 * @param latency      the end-to-end latencies of the jobs completed in it
 */
public record Window(double startSeconds, double seconds, long sent, long completed, Stats latency) {

    public double sentPerSecond() {
        return sent / seconds;
    }

    public double completedPerSecond() {
        return completed / seconds;
    }
}
