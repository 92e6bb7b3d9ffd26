package io.atelier.testsupport;

import io.atelier.infra.local.StackEndpoints;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Quarkus test resource: points the application under test at the {@link SharedStack} and injects
 * {@link StackEndpoints} fields of the test. Dev Services stay off; nothing here needs Docker.
 */
public final class AtelierStackResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(SharedStack.endpoints().serviceProperties());
        config.put("quarkus.devservices.enabled", "false");
        config.put("quarkus.kafka.devservices.enabled", "false");
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(SharedStack.endpoints(),
                new TestInjector.MatchesType(StackEndpoints.class));
    }

    @Override
    public void stop() {
        // The stack outlives each application start; SharedStack removes it when the JVM exits.
    }
}
