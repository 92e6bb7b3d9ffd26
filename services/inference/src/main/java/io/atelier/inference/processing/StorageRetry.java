package io.atelier.inference.processing;

import io.atelier.common.storage.ObjectStoreException;
import io.atelier.inference.JobFailure;
import io.atelier.inference.config.InferenceConfig;
import io.atelier.schemas.events.FailureReason;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Retries object-store calls with exponential backoff, so that a store restarting for a few seconds
 * delays jobs instead of failing them. Failures that a retry cannot fix ({@link JobFailure}) pass at once.
 */
@ApplicationScoped
public class StorageRetry {

    private static final Logger LOG = Logger.getLogger(StorageRetry.class);

    /** A call that may fail transiently ({@link ObjectStoreException}) or for good ({@link JobFailure}). */
    @FunctionalInterface
    public interface StorageCall<T> {
        T call() throws JobFailure;
    }

    private final InferenceConfig config;

    public StorageRetry(InferenceConfig config) {
        this.config = config;
    }

    public <T> T call(String what, StorageCall<T> call) throws JobFailure {
        long backoff = config.storageRetryBackoff().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (ObjectStoreException e) {
                if (attempt >= config.storageAttempts()) {
                    throw new JobFailure(FailureReason.PROCESSING_ERROR,
                            what + " failed after " + attempt + " attempts: " + e.getMessage(), true, e);
                }
                LOG.warnf("%s failed (attempt %d of %d), retrying in %d ms: %s", what, attempt,
                        config.storageAttempts(), backoff, e.getMessage());
                sleep(backoff);
                backoff *= 2;
            }
        }
    }

    private static void sleep(long millis) throws JobFailure {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobFailure(FailureReason.PROCESSING_ERROR, "interrupted while retrying", true, e);
        }
    }
}
