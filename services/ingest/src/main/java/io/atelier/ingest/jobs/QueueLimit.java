package io.atelier.ingest.jobs;

import io.atelier.common.rest.Problem;
import io.atelier.ingest.IngestProblem;
import io.atelier.ingest.config.IngestConfig;
import io.atelier.ingest.messaging.JobBacklog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

/**
 * Sheds uploads while the fleet's queue is full ({@link IngestConfig.Queue}): a 503 with the seconds
 * the workers need to drain the excess at their recent rate, so clients back off by as much as the
 * overload needs. An unknown backlog (broker unreachable) admits; the broker's own refusal follows.
 */
@ApplicationScoped
public class QueueLimit {

    /** Retry-After when the workers took nothing lately: they may be restarting or all gone. */
    static final int IDLE_RETRY_AFTER = 30;
    static final int MAX_RETRY_AFTER = 120;

    private final JobBacklog backlog;
    private final long maxJobs;

    public QueueLimit(JobBacklog backlog, IngestConfig config) {
        this.backlog = backlog;
        this.maxJobs = config.queue().maxJobs();
    }

    /** Fails with 503 {@code queue-full} and a Retry-After while the backlog is at the bound. */
    public void check() {
        if (maxJobs <= 0) {
            return;
        }
        long queued = backlog.queued().orElse(0L);
        if (queued < maxJobs) {
            return;
        }
        double rate = backlog.drainPerSecond().orElse(0.0);
        int retryAfter = rate <= 0 ? IDLE_RETRY_AFTER
                : (int) Math.min(MAX_RETRY_AFTER, Math.max(1, Math.ceil((queued - maxJobs + 1) / rate)));
        throw new IngestProblem(Problem.of(Response.Status.SERVICE_UNAVAILABLE, "queue-full", "Job queue full",
                queued + " jobs are waiting for a worker (the bound is " + maxJobs
                        + "); nothing was kept, try again after Retry-After"), retryAfter);
    }
}
