package io.atelier.ingest.security;

import io.atelier.common.rest.Problem;
import io.atelier.ingest.IngestProblem;
import io.atelier.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Uploads per API key per minute, as a token bucket per key. Each replica limits on its own, so a
 * fleet of N replicas admits up to N times the rate: good against runaway clients, not a quota.
 */
@ApplicationScoped
public class RateLimiter {

    private final double perSecond;
    private final double capacity;
    private final Map<String, double[]> buckets = new ConcurrentHashMap<>();

    public RateLimiter(IngestConfig config) {
        this.capacity = config.uploadsPerMinute();
        this.perSecond = config.uploadsPerMinute() / 60.0;
    }

    /**
     * Takes one token for the API key of that name (the caller's principal), or fails with 429 and
     * the seconds until the next one.
     */
    public void acquire(String keyName) {
        double[] bucket = buckets.computeIfAbsent(keyName, k -> new double[]{capacity, System.nanoTime()});
        synchronized (bucket) {
            long now = System.nanoTime();
            bucket[0] = Math.min(capacity, bucket[0] + (now - bucket[1]) / 1e9 * perSecond);
            bucket[1] = now;
            if (bucket[0] < 1) {
                int retryAfter = (int) Math.ceil((1 - bucket[0]) / perSecond);
                throw new IngestProblem(Problem.of(Response.Status.TOO_MANY_REQUESTS, "rate-limited",
                        "Too many uploads", "API key '" + keyName + "' may upload " + (int) capacity
                                + " images a minute"), retryAfter);
            }
            bucket[0] -= 1;
        }
    }
}
