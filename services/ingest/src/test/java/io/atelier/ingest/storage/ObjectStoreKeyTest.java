package io.atelier.ingest.storage;

import io.atelier.common.storage.ObjectStore;
import io.atelier.schemas.storage.Bucket;
import io.atelier.testsupport.AtelierStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A key the S3 client refuses before it asks the store fails at once as the caller's mistake, outside
 * the retry policy: as a store failure it was retried, and a worker that waits out outages waited on it
 * for ever.
 */
@QuarkusTest
@QuarkusTestResource(AtelierStackResource.class)
class ObjectStoreKeyTest {

    @Inject
    ObjectStore store;

    @ParameterizedTest
    @ValueSource(strings = {"uploads/./x.png", "uploads/../x.png", "uploads/.."})
    void aKeyTheClientRefusesIsAnIllegalArgumentNotAStoreFailure(String key) {
        assertThatThrownBy(() -> store.get(Bucket.UPLOADS, key)).isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.exists(Bucket.UPLOADS, key)).isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put(Bucket.UPLOADS, key, new byte[]{1}, "image/png"))
                .isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete(Bucket.UPLOADS, key)).isExactlyInstanceOf(IllegalArgumentException.class);
    }
}
