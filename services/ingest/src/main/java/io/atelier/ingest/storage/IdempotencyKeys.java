package io.atelier.ingest.storage;

import io.atelier.common.rest.Problem;
import io.atelier.common.storage.ObjectStore;
import io.atelier.ingest.IngestProblem;
import io.atelier.schemas.events.AtelierEvent;
import io.atelier.schemas.json.EventJson;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Remembers what an {@code Idempotency-Key} created (a job, a training run), in object storage, so a
 * retry reaches the same one on any replica. Keys are scoped by API key name and by what they create,
 * and hashed into the object key. The record is written before the event is sent and marked once the
 * broker has it, and keeps the event: a gateway that died in between leaves a submission that a retry
 * can still queue. It is written only where none is (a conditional write), so of two requests with one
 * key that both found no record the second to get there is refused instead of creating a second one.
 * A request without a key ({@code null}) has nothing to replay, record or mark.
 */
@ApplicationScoped
public class IdempotencyKeys {

    private static final Logger LOG = Logger.getLogger(IdempotencyKeys.class);

    /**
     * What a key created.
     *
     * @param event  the event that queues it
     * @param queued whether the broker acknowledged the event
     */
    public record Entry<E extends AtelierEvent>(E event, boolean queued) {
    }

    /** The other request usually ends within milliseconds; a retry that comes too soon is refused alike. */
    private static final int RETRY_AFTER_SECONDS = 1;

    private final ObjectStore store;

    public IdempotencyKeys(ObjectStore store) {
        this.store = store;
    }

    /**
     * The event of what the key created earlier, if anything. If the broker never acknowledged it (the
     * first attempt ended between recording the key and the acknowledgement) it is sent now through
     * {@code send}; should the first copy have arrived after all, the consumer treats the second as a
     * redelivery.
     */
    public <E extends AtelierEvent> Optional<E> replay(String caller, String key, Class<E> type, Consumer<E> send) {
        Optional<Entry<E>> earlier = key == null ? Optional.empty() : find(caller, key, type);
        earlier.filter(entry -> !entry.queued()).ifPresent(entry -> {
            send.accept(entry.event());
            queued(caller, key, entry.event());
            LOG.infof("A %s (%s) was queued by a retry of its Idempotency-Key", type.getSimpleName(),
                    entry.event().partitionKey());
        });
        return earlier.map(Entry::event);
    }

    public <E extends AtelierEvent> Optional<Entry<E>> find(String caller, String key, Class<E> type) {
        return store.getJson(Bucket.UPLOADS, objectKey(caller, key, type),
                EventJson.mapper().getTypeFactory().constructParametricType(Entry.class, type));
    }

    /**
     * Records the key with the submission's other objects, before its event is sent: if it is not
     * queued the record goes with them, and once it is queued nothing is left to write.
     *
     * @throws IngestProblem 409 when a concurrent request with the same key recorded its submission first
     */
    public void remember(StagedObjects staged, String caller, String key, AtelierEvent event) {
        if (key != null && !staged.putJsonIfAbsent(Bucket.UPLOADS, objectKey(caller, key, event.getClass()),
                new Entry<>(event, false))) {
            throw new IngestProblem(Problem.of(Response.Status.CONFLICT, "idempotency-key-in-use",
                    "Idempotency-Key in use", "another request with this Idempotency-Key is being handled; retry"
                            + " to get what it creates"), RETRY_AFTER_SECONDS);
        }
    }

    /**
     * Marks the key's submission as queued, once the broker has acknowledged its event. It is queued
     * whether or not this note is stored; without it a retry only queues a copy.
     */
    public void queued(String caller, String key, AtelierEvent event) {
        if (key == null) {
            return;
        }
        try {
            store.putJson(Bucket.UPLOADS, objectKey(caller, key, event.getClass()), new Entry<>(event, true));
        } catch (RuntimeException e) {
            LOG.warnf("A %s (%s) is queued, but its Idempotency-Key record could not say so: %s",
                    event.getClass().getSimpleName(), event.partitionKey(), e.getMessage());
        }
    }

    private static String objectKey(String caller, String key, Class<?> type) {
        return ObjectKeys.idempotencyRecord(ObjectStore.sha256((type.getSimpleName() + "\n" + caller + "\n" + key)
                .getBytes(StandardCharsets.UTF_8)));
    }
}
