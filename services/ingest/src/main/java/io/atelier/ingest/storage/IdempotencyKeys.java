package io.atelier.ingest.storage;

import io.atelier.common.storage.ObjectStore;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Remembers which job an {@code Idempotency-Key} created, in object storage, so a retry reaches the
 * same job on any replica. Keys are scoped by API key name and hashed into the object key.
 */
@ApplicationScoped
public class IdempotencyKeys {

    /** What a key created. */
    public record Entry(String jobId) {
    }

    private final ObjectStore store;

    public IdempotencyKeys(ObjectStore store) {
        this.store = store;
    }

    public Optional<String> find(String caller, String key) {
        return store.getJson(Bucket.UPLOADS, objectKey(caller, key), Entry.class).map(Entry::jobId);
    }

    /**
     * Records the key with the job's other objects, before its event is sent: if the job is not
     * queued the record goes with them, and once it is queued nothing is left to write.
     */
    public void remember(StagedObjects job, String caller, String key, String jobId) {
        job.putJson(Bucket.UPLOADS, objectKey(caller, key), new Entry(jobId));
    }

    private static String objectKey(String caller, String key) {
        return ObjectKeys.idempotencyRecord(ObjectStore.sha256((caller + "\n" + key).getBytes(StandardCharsets.UTF_8)));
    }
}
