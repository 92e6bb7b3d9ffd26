package io.atelier.trainer.training;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Cuts the crops of the coming steps on a thread of its own, a few steps ahead, so the training
 * thread only trains.
 */
public final class BatchPrefetcher implements AutoCloseable {

    /**
     * The crops of one step.
     *
     * @param step    the step
     * @param content content crops, NCHW
     * @param style   style crops, NCHW
     */
    public record Batch(long step, float[] content, float[] style) {
    }

    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(3);
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "training-crops");
        t.setDaemon(true);
        return t;
    });
    private final Future<?> producer;

    public BatchPrefetcher(CropSampler content, CropSampler style, int batchSize, long from, long to) {
        producer = thread.submit(() -> {
            for (long step = from; step < to; step++) {
                queue.put(new Batch(step, content.batch(step, 0, batchSize), style.batch(step, 1, batchSize)));
            }
            return null;
        });
    }

    public Batch next() throws InterruptedException {
        Batch batch;
        while ((batch = queue.poll(1, java.util.concurrent.TimeUnit.SECONDS)) == null) {
            if (producer.isDone()) {
                try {
                    producer.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("cutting crops failed: " + e.getCause(), e.getCause());
                }
                throw new IllegalStateException("no more batches");
            }
        }
        return batch;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
