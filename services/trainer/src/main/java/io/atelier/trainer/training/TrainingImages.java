package io.atelier.trainer.training;

import io.atelier.common.storage.ObjectStore;
import io.atelier.schemas.events.ImageRef;
import io.atelier.schemas.events.ObjectPrefix;
import io.atelier.schemas.storage.Bucket;
import jakarta.enterprise.context.ApplicationScoped;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Reads a run's style images and content corpus from object storage and decodes them. */
@ApplicationScoped
public class TrainingImages {

    /** Corpus images downloaded and decoded at once. */
    private static final int DECODERS = 4;

    private final ObjectStore store;

    public TrainingImages(ObjectStore store) {
        this.store = store;
    }

    public List<BufferedImage> styles(List<ImageRef> refs) {
        List<BufferedImage> images = new ArrayList<>();
        for (ImageRef ref : refs) {
            byte[] bytes = store.get(bucket(ref.bucket()), ref.key()).orElseThrow(() -> new IllegalArgumentException(
                    "style image s3://" + ref.bucket() + "/" + ref.key() + " does not exist"));
            if (!ObjectStore.sha256(bytes).equals(ref.sha256())) {
                throw new IllegalArgumentException("style image " + ref.key() + " does not match its SHA-256");
            }
            images.add(decode(bytes, ref.key()));
        }
        return images;
    }

    /**
     * The decodable images under the corpus prefix, in key order; fails when there is none. A run
     * holds them in memory, so a corpus larger than {@code limit} is sampled (the same sample for the
     * same seed). Downloads and decoding run on a small pool of their own, not on the training thread.
     */
    public List<BufferedImage> corpus(ObjectPrefix corpus, int limit, long seed) {
        Bucket bucket = bucket(corpus.bucket());
        List<String> keys = new ArrayList<>(store.list(bucket, corpus.prefix()));
        if (keys.size() > limit) {
            java.util.Collections.shuffle(keys, new java.util.Random(seed));
            keys = new ArrayList<>(keys.subList(0, limit));
            java.util.Collections.sort(keys);
        }
        ExecutorService pool = Executors.newFixedThreadPool(DECODERS, runnable -> {
            Thread thread = new Thread(runnable, "corpus-decoder");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Optional<BufferedImage>>> decoded = new ArrayList<>();
            for (String key : keys) {
                decoded.add(pool.submit(() -> store.get(bucket, key).flatMap(bytes -> {
                    try {
                        return Optional.of(decode(bytes, key));
                    } catch (IllegalArgumentException e) {
                        return Optional.empty(); // a stray non-image in the corpus is skipped, not fatal
                    }
                })));
            }
            List<BufferedImage> images = new ArrayList<>();
            for (Future<Optional<BufferedImage>> image : decoded) {
                image.get().ifPresent(images::add);
            }
            if (images.isEmpty()) {
                throw new IllegalArgumentException("content corpus s3://" + corpus.bucket() + "/" + corpus.prefix()
                        + " holds no decodable image");
            }
            return images;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the content corpus", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("cannot read the content corpus", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static BufferedImage decode(byte[] bytes, String key) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new IllegalArgumentException(key + " is not a decodable image");
            }
            return image;
        } catch (IOException e) {
            throw new IllegalArgumentException(key + " is not a decodable image", e);
        }
    }

    private static Bucket bucket(String name) {
        return Bucket.named(name).orElseThrow(() -> new IllegalArgumentException(
                "bucket '" + name + "' is not an Atelier bucket"));
    }
}
