package io.atelier.ingest.storage;

import io.atelier.common.storage.ObjectStore;
import io.atelier.schemas.events.StyleJobRequested;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Remembers which job an {@code Idempotency-Key} created, in object storage, so a retry reaches the
 * same job on any replica. Keys are scoped by API key name and hashed into the object key. The record
 * is written before the job's event is sent and marked once the broker has it, and keeps the event:
 * a gateway that died in between leaves a job that a retry can still queue.
 */
@ApplicationScoped
public class IdempotencyKeys {

    /**
     * What a key created.
     *
     * @param jobId  the job
     * @param job    its event (absent in records written before it was kept)
     * @param queued whether the broker acknowledged the event
     */
    public record Entry(String jobId, StyleJobRequested job, boolean queued) {

        /** A job whose event may never have reached the broker: a retry sends it. */
        public boolean mayBeUnqueued() {
            return job != null && !queued;
        }
    }

    private final ObjectStore store;

    public IdempotencyKeys(ObjectStore store) {
        this.store = store;
    }

    public Optional<Entry> find(String caller, String key) {
        return store.getJson(Bucket.UPLOADS, objectKey(caller, key), Entry.class);
    }

    /**
     * Records the key with the job's other objects, before its event is sent: if the job is not
     * queued the record goes with them, and once it is queued nothing is left to write.
     */
    public void remember(StagedObjects staged, String caller, String key, StyleJobRequested job) {
        staged.putJson(Bucket.UPLOADS, objectKey(caller, key), new Entry(job.jobId(), job, false));
    }

    /** Marks the key's job as queued, once the broker has acknowledged its event. */
    public void queued(String caller, String key, StyleJobRequested job) {
        store.putJson(Bucket.UPLOADS, objectKey(caller, key), new Entry(job.jobId(), job, true));
    }

    private static String objectKey(String caller, String key) {
        return ObjectKeys.idempotencyRecord(ObjectStore.sha256((caller + "\n" + key).getBytes(StandardCharsets.UTF_8)));
    }
}
