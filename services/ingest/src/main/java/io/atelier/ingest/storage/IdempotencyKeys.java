package io.atelier.ingest.storage;

import io.atelier.common.rest.Problem;
import io.atelier.common.storage.ObjectStore;
import io.atelier.ingest.IngestProblem;
import io.atelier.schemas.events.StyleJobRequested;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Remembers which job an {@code Idempotency-Key} created, in object storage, so a retry reaches the
 * same job on any replica. Keys are scoped by API key name and hashed into the object key. The record
 * is written before the job's event is sent and marked once the broker has it, and keeps the event:
 * a gateway that died in between leaves a job that a retry can still queue. It is written only where
 * none is (a conditional write), so of two requests with one key that both found no record the second
 * to get there is refused instead of creating a second job.
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

    /** The other request usually ends within milliseconds; a retry that comes too soon is refused alike. */
    private static final int RETRY_AFTER_SECONDS = 1;

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
     *
     * @throws IngestProblem 409 when a concurrent request with the same key recorded its job first
     */
    public void remember(StagedObjects staged, String caller, String key, StyleJobRequested job) {
        if (!staged.putJsonIfAbsent(Bucket.UPLOADS, objectKey(caller, key), new Entry(job.jobId(), job, false))) {
            throw new IngestProblem(Problem.of(Response.Status.CONFLICT, "idempotency-key-in-use",
                    "Idempotency-Key in use", "another request with this Idempotency-Key is being handled; retry"
                            + " to get its job"), RETRY_AFTER_SECONDS);
        }
    }

    /** Marks the key's job as queued, once the broker has acknowledged its event. */
    public void queued(String caller, String key, StyleJobRequested job) {
        store.putJson(Bucket.UPLOADS, objectKey(caller, key), new Entry(job.jobId(), job, true));
    }

    private static String objectKey(String caller, String key) {
        return ObjectKeys.idempotencyRecord(ObjectStore.sha256((caller + "\n" + key).getBytes(StandardCharsets.UTF_8)));
    }
}
