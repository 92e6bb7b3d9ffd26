package io.atelier.ingest.storage;

import io.atelier.common.storage.ObjectStore;
import io.atelier.schemas.storage.Bucket;
import io.atelier.testsupport.AtelierStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conditional write that idempotency records and model versions rest on, against the real S3
 * server: the first writer gets the key, a later one is told so and changes nothing, and a retry of
 * the first writer's own write (its answer lost) still counts as written.
 */
@QuarkusTest
@QuarkusTestResource(AtelierStackResource.class)
class ObjectStoreConditionalWriteTest {

    @Inject
    ObjectStore store;

    @Test
    void onlyTheFirstWriterGetsTheKey() {
        String key = "test/conditional/" + UUID.randomUUID();
        byte[] first = {1, 2, 3};

        assertThat(store.putIfAbsent(Bucket.UPLOADS, key, first, "application/octet-stream")).isPresent();
        assertThat(store.putIfAbsent(Bucket.UPLOADS, key, new byte[]{4, 5}, "application/octet-stream")).isEmpty();

        assertThat(store.get(Bucket.UPLOADS, key)).get().isEqualTo(first);
    }

    /** Past 5 MiB, where the client would upload in parts unless told otherwise (a large generator). */
    @Test
    void aLargeObjectIsWrittenConditionallyToo() {
        String key = "test/conditional/" + UUID.randomUUID();
        byte[] first = new byte[6 << 20];
        byte[] second = new byte[6 << 20];
        Arrays.fill(first, (byte) 1);
        Arrays.fill(second, (byte) 2);

        assertThat(store.putIfAbsent(Bucket.UPLOADS, key, first, "application/octet-stream")).isPresent();
        assertThat(store.putIfAbsent(Bucket.UPLOADS, key, second, "application/octet-stream")).isEmpty();

        assertThat(store.get(Bucket.UPLOADS, key)).get().isEqualTo(first);
    }

    @Test
    void writingTheSameBytesAgainCountsAsWritten() {
        String key = "test/conditional/" + UUID.randomUUID();
        byte[] data = {7, 8, 9};

        assertThat(store.putIfAbsent(Bucket.UPLOADS, key, data, "application/octet-stream")).isPresent();
        assertThat(store.putIfAbsent(Bucket.UPLOADS, key, data.clone(), "application/octet-stream")).get()
                .satisfies(ref -> assertThat(ref.sha256()).isEqualTo(ObjectStore.sha256(data)));
    }
}
