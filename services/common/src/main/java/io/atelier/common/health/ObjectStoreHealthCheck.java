package io.atelier.common.health;

import io.atelier.common.config.StorageConfig;
import io.atelier.common.storage.ObjectStore;
import io.atelier.schemas.storage.Bucket;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.List;

/**
 * Ready only when the object store answers and every contract bucket exists: a service that cannot
 * store or read claim checks must not take traffic.
 */
@Readiness
@ApplicationScoped
public class ObjectStoreHealthCheck implements HealthCheck {

    static final String NAME = "Atelier object store";

    private final ObjectStore store;
    private final StorageConfig config;

    public ObjectStoreHealthCheck(ObjectStore store, StorageConfig config) {
        this.store = store;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).withData("endpoint", config.endpoint());
        try {
            ObjectStore.Probe probe = store.probe();
            List<String> missing = java.util.Arrays.stream(Bucket.values())
                    .filter(bucket -> !probe.bucketExists(bucket))
                    .map(Bucket::bucketName)
                    .toList();
            if (!missing.isEmpty()) {
                return response.down().withData("missing buckets", String.join(",", missing)).build();
            }
            return response.up().build();
        } catch (RuntimeException e) {
            return response.down().withData("error", e.getMessage()).build();
        }
    }
}
