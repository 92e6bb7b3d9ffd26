package io.atelier.inference.health;

import io.atelier.inference.JobFailure;
import io.atelier.inference.config.InferenceConfig;
import io.atelier.inference.model.GeneratorSessions;
import io.atelier.inference.model.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.List;

/**
 * Ready only when the current model of every configured default style is loaded and warm, so that a
 * new replica takes no traffic it would serve slowly. The first call loads them.
 */
@Readiness
@ApplicationScoped
public class ModelsHealthCheck implements HealthCheck {

    static final String NAME = "Atelier models";

    private final InferenceConfig config;
    private final ModelRegistry registry;
    private final GeneratorSessions sessions;

    public ModelsHealthCheck(InferenceConfig config, ModelRegistry registry, GeneratorSessions sessions) {
        this.config = config;
        this.registry = registry;
        this.sessions = sessions;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).up();
        for (String style : config.defaultStyles().orElse(List.of())) {
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
}
