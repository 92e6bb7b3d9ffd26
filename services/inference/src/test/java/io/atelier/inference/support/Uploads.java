package io.atelier.inference.support;

import io.atelier.common.storage.ObjectStore;
import io.atelier.inference.TestImages;
import io.atelier.schemas.events.ImageRef;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;

import java.awt.image.BufferedImage;
import java.util.UUID;

/** Inputs the way a producer's claim check leaves them: bytes in the uploads bucket and their reference. */
public final class Uploads {

    private Uploads() {
    }

    /** Stores the image as a PNG upload. */
    public static ImageRef put(ObjectStore store, BufferedImage image) throws Exception {
        return put(store, TestImages.png(image), image.getWidth(), image.getHeight());
    }

    /** Stores {@code bytes} as a PNG upload (whatever they hold) whose reference states these sides. */
    public static ImageRef put(ObjectStore store, byte[] bytes, int width, int height) {
        String key = ObjectKeys.uploadInput(UUID.randomUUID().toString());
        store.put(Bucket.UPLOADS, key, bytes, "image/png");
        return new ImageRef(Bucket.UPLOADS.bucketName(), key, ObjectStore.sha256(bytes), width, height, "image/png");
    }
}
