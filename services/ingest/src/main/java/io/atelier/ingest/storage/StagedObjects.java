package io.atelier.ingest.storage;

import io.atelier.common.storage.ObjectStore;
import io.atelier.ingest.NormalisedImage;
import io.atelier.schemas.events.ImageRef;
import io.atelier.schemas.events.ObjectRef;
import io.atelier.schemas.storage.Bucket;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The objects one request writes before its event is queued. Claim checks without their event would
 * never be read nor cleaned up, so when anything fails part-way (the object store, the broker refusing)
 * every object written so far is deleted again and the failure is passed on; except after an
 * {@link Unconfirmed} failure, when the event may still arrive and needs them.
 */
public final class StagedObjects {

    private static final Logger LOG = Logger.getLogger(StagedObjects.class);
    private static final String PNG = "image/png";

    /** @param onlyIfHolding the bytes the object must still hold to be this request's to delete; null: any */
    private record Written(Bucket bucket, String key, byte[] onlyIfHolding) {
        Written(Bucket bucket, String key) {
            this(bucket, key, null);
        }
    }

    /** A failure after which the work may still take effect (a send the broker did not confirm). */
    public interface Unconfirmed {
    }

    private final ObjectStore store;
    private final List<Written> written = new ArrayList<>();

    private StagedObjects(ObjectStore store) {
        this.store = store;
    }

    /**
     * Runs {@code work}, which writes through the staging it is given; on a failure removes those writes,
     * unless it is {@link Unconfirmed}.
     */
    public static void allOrNothing(ObjectStore store, Consumer<StagedObjects> work) {
        allOrNothing(store, staged -> {
            work.accept(staged);
            return null;
        });
    }

    /** As {@link #allOrNothing(ObjectStore, Consumer)}, returning what {@code work} returns. */
    public static <T> T allOrNothing(ObjectStore store, Function<StagedObjects, T> work) {
        StagedObjects staged = new StagedObjects(store);
        try {
            return work.apply(staged);
        } catch (RuntimeException e) {
            if (e instanceof Unconfirmed) {
                LOG.infof("Kept %d object(s) for an event that may still arrive: %s", staged.written.size(),
                        e.getMessage());
            } else {
                staged.discard();
            }
            throw e;
        }
    }

    /** Stores a normalised image as PNG and returns the claim check an event carries. */
    public ImageRef putImage(Bucket bucket, String key, NormalisedImage image) {
        written.add(new Written(bucket, key));
        ObjectRef stored = store.put(bucket, key, image.png(), PNG);
        return new ImageRef(stored.bucket(), stored.key(), stored.sha256(), image.width(), image.height(), PNG);
    }

    public ObjectRef putJson(Bucket bucket, String key, Object value) {
        written.add(new Written(bucket, key));
        return store.putJson(bucket, key, value);
    }

    /**
     * Writes the value unless the key already holds an object; false then, and that object, another
     * request's, is not this one's to remove.
     */
    public boolean putJsonIfAbsent(Bucket bucket, String key, Object value) {
        // a write that failed may have landed or found another request's object: removed only if it is ours
        byte[] json = ObjectStore.json(value);
        Written object = new Written(bucket, key, json);
        written.add(object);
        if (store.putIfAbsent(bucket, key, json, ObjectStore.JSON).isPresent()) {
            return true;
        }
        written.remove(object);
        return false;
    }

    /**
     * Deletes what was written, newest first. A write that failed may still have landed, so it is
     * deleted too; a delete that fails (the store may be the thing that is down) is logged rather than
     * thrown, so that the caller sees the original failure.
     */
    private void discard() {
        for (int i = written.size() - 1; i >= 0; i--) {
            Written object = written.get(i);
            try {
                if (object.onlyIfHolding() != null && !store.get(object.bucket(), object.key())
                        .map(stored -> Arrays.equals(stored, object.onlyIfHolding())).orElse(false)) {
                    continue;
                }
                store.delete(object.bucket(), object.key());
            } catch (RuntimeException e) {
                LOG.warnf("Could not remove s3://%s/%s after a failed request: %s", object.bucket().bucketName(),
                        object.key(), e.getMessage());
            }
        }
    }
}
