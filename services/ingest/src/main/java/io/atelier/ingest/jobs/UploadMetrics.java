package io.atelier.ingest.jobs;

import io.atelier.ingest.IngestProblem;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * The upload counters the dashboard reads: uploads by outcome, bytes accepted, refusals by problem
 * type, and the time from request to 202.
 */
@ApplicationScoped
public class UploadMetrics {

    private final MeterRegistry meters;
    private final Timer acceptTime;

    public UploadMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.acceptTime = Timer.builder("atelier.ingest.accept.time").publishPercentileHistogram().register(meters);
    }

    void accepted(long bytes, long startedNanos) {
        meters.counter("atelier.ingest.uploads", "outcome", "accepted").increment();
        meters.counter("atelier.ingest.upload.bytes").increment(bytes);
        acceptTime.record(Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    void rejected(IngestProblem problem) {
        String type = problem.problem().type();
        meters.counter("atelier.ingest.uploads", "outcome", "rejected").increment();
        meters.counter("atelier.ingest.validation.failures", "reason", type.substring(type.lastIndexOf('/') + 1))
                .increment();
    }
}
