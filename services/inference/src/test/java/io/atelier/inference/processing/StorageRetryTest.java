package io.atelier.inference.processing;

import io.atelier.common.storage.ObjectStoreException;
import io.atelier.inference.JobFailure;
import io.atelier.inference.config.InferenceConfig;
import io.atelier.schemas.events.FailureReason;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StorageRetryTest {

    private final StorageRetry retry = new StorageRetry(config(3, Duration.ofMillis(1)));

    @Test
    void transientFailuresAreRetriedUntilTheCallSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();

        String result = retry.call("reading", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new ObjectStoreException("store restarting", new IOException("connection refused"));
            }
            return "ok";
        });

        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(3);
    }

    @Test
    void afterTheLastAttemptTheJobFailsAsRetryable() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retry.call("storing the output", () -> {
            calls.incrementAndGet();
            throw new ObjectStoreException("store down", new IOException("connection refused"));
        }))
                .isInstanceOfSatisfying(JobFailure.class, failure -> {
                    assertThat(failure.reason()).isEqualTo(FailureReason.PROCESSING_ERROR);
                    assertThat(failure.retryable()).isTrue();
                    assertThat(failure.getMessage()).contains("storing the output failed after 3 attempts");
                });
        assertThat(calls).hasValue(3);
    }

    @Test
    void permanentFailuresAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retry.call("reading", () -> {
            calls.incrementAndGet();
            throw new JobFailure(FailureReason.INPUT_MISSING, "gone", false);
        })).isInstanceOf(JobFailure.class).hasMessage("gone");
        assertThat(calls).hasValue(1);
    }

    private static InferenceConfig config(int attempts, Duration backoff) {
        return new InferenceConfig() {
            public int maxSide() { return 1024; }
            public int batchSize() { return 8; }
            public int ioThreads() { return 1; }
            public int sessionCacheSize() { return 1; }
            public int intraOpThreads() { return 0; }
            public int interOpThreads() { return 0; }
            public boolean cuda() { return false; }
            public Optional<List<String>> defaultStyles() { return Optional.empty(); }
            public int storageAttempts() { return attempts; }
            public Duration storageRetryBackoff() { return backoff; }
            public Optional<String> workerName() { return Optional.empty(); }
        };
    }
}
