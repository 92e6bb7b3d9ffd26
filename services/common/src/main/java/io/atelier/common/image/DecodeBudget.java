package io.atelier.common.image;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the pixels that a service's threads hold decoded at once. A decode's peak (the decoder's
 * raster plus its packed copy, 7 bytes a pixel and more) grows with the image, not the request count,
 * so a few large images at once could outgrow a heap that holds any one of them: with this budget
 * they take turns instead. An image larger than the whole budget decodes alone.
 * A weighted {@link Semaphore}: no library offers a pixel-weighted bulkhead (SmallRye's counts calls).
 */
public final class DecodeBudget {

    private final Semaphore pixels;
    private final int total;

    /** @param totalPixels pixels decoded at once, at most {@link Integer#MAX_VALUE} */
    public DecodeBudget(long totalPixels) {
        if (totalPixels < 1) {
            throw new IllegalArgumentException("a decode budget needs at least one pixel, not " + totalPixels);
        }
        this.total = (int) Math.min(Integer.MAX_VALUE, totalPixels);
        this.pixels = new Semaphore(total, true);
    }

    /**
     * Waits until {@code decodedPixels} are free (all of them when the image is larger than the
     * budget) and holds them until the permit is closed. Uninterruptible: the wait is bounded by the
     * decodes before it, and work in hand finishes rather than fail at shutdown.
     */
    public Permit acquire(long decodedPixels) {
        int weight = weight(decodedPixels);
        pixels.acquireUninterruptibly(weight);
        return () -> pixels.release(weight);
    }

    /** As {@link #acquire}, for a caller that answers "busy" after {@code wait}: empty then. */
    public Optional<Permit> tryAcquire(long decodedPixels, Duration wait) {
        int weight = weight(decodedPixels);
        try {
            if (pixels.tryAcquire(weight, wait.toNanos(), TimeUnit.NANOSECONDS)) {
                return Optional.of(() -> pixels.release(weight));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    private int weight(long decodedPixels) {
        return (int) Math.max(1, Math.min(total, decodedPixels));
    }

    /** Pixels decoded at once at most. */
    public int total() {
        return total;
    }

    /** Pixels no decode holds now. */
    public int available() {
        return pixels.availablePermits();
    }

    /** Whether a decode waits for pixels now. */
    public boolean hasWaiting() {
        return pixels.hasQueuedThreads();
    }

    /** Pixels held for one decode; closing gives them back. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }
}
