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

/** Reads a run's style images and content corpus from object storage and decodes them. */
@ApplicationScoped
public class TrainingImages {

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

    /** Every decodable image under the corpus prefix; fails when there is none. */
    public List<BufferedImage> corpus(ObjectPrefix corpus) {
        Bucket bucket = bucket(corpus.bucket());
        List<BufferedImage> images = new ArrayList<>();
        for (String key : store.list(bucket, corpus.prefix())) {
            store.get(bucket, key).ifPresent(bytes -> {
                try {
                    images.add(decode(bytes, key));
                } catch (IllegalArgumentException e) {
                    // a stray non-image in the corpus is skipped, not fatal
                }
            });
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException("content corpus s3://" + corpus.bucket() + "/" + corpus.prefix()
                    + " holds no decodable image");
        }
        return images;
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
