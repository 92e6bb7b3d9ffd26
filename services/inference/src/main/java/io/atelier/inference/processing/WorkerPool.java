package io.atelier.inference.processing;

import io.atelier.inference.config.InferenceConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Threads for the I/O and image work around inference (download, decode, encode, upload), so that
 * these run for many jobs at once while the generator runs. Owned here and shut down with the app.
 */
@ApplicationScoped
public class WorkerPool {

    /** Its threads' names start so; the inference benchmark counts their CPU by it. */
    public static final String THREAD_PREFIX = "inference-io-";

    private final ExecutorService executor;

    public WorkerPool(InferenceConfig config) {
        AtomicInteger counter = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(config.ioThreads(), runnable -> {
            Thread thread = new Thread(runnable, THREAD_PREFIX + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Applies {@code work} to every item in parallel and returns the results in the items' order. */
    public <T, R> List<R> map(List<T> items, Function<T, R> work) {
        List<CompletableFuture<R>> futures = items.stream()
                .map(item -> CompletableFuture.supplyAsync(() -> work.apply(item), executor))
                .toList();
        return futures.stream().map(CompletableFuture::join).toList();
    }

    @PreDestroy
    void shutdown() {
        executor.shutdownNow();
    }
}
