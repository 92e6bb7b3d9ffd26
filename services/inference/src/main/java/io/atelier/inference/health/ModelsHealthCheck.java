package io.atelier.inference.health;

import io.atelier.common.storage.ObjectStore;
import io.atelier.inference.JobFailure;
import io.atelier.inference.config.InferenceConfig;
import io.atelier.inference.model.GeneratorSessions;
import io.atelier.inference.model.ModelRegistry;
import io.atelier.schemas.storage.Bucket;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.List;

/**
 * Ready only when the current model of every configured default style is loaded and warm, so that a
 * new replica takes no traffic it would serve slowly. The first call loads them. While the object
 * store cannot be reached it answers DOWN at once: the registry reads would wait for the store.
 */
@Readiness
@ApplicationScoped
public class ModelsHealthCheck implements HealthCheck {

    static final String NAME = "Atelier models";

    private final InferenceConfig config;
    private final ModelRegistry registry;
    private final GeneratorSessions sessions;
    private final ObjectStore store;

    public ModelsHealthCheck(InferenceConfig config, ModelRegistry registry, GeneratorSessions sessions,
                             ObjectStore store) {
        this.config = config;
        this.registry = registry;
        this.sessions = sessions;
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).up();
        List<String> styles = config.defaultStyles().orElse(List.of());
        if (!styles.isEmpty() && !reachable()) {
            return response.down().withData("error", "the object store cannot be reached").build();
        }
        for (String style : styles) {
            try {
                String version = registry.resolveVersion(style, null);
                sessions.get(style, version);
                response.withData(style, version);
            } catch (JobFailure | RuntimeException e) {
                response.down().withData(style, e.getMessage());
            }
        }
        return response.build();
    }

    private boolean reachable() {
        try {
            store.probe().bucketExists(Bucket.MODELS);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
