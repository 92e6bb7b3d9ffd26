package io.atelier.testsupport;

import io.atelier.infra.local.StackEndpoints;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Quarkus test resource: points the application under test at the {@link SharedStack} and injects
 * {@link StackEndpoints} fields of the test. Dev Services stay off; nothing here needs Docker.
 *
 * <p>With the init argument {@value #S3_THROUGH_PROXY}{@code =true} (see {@link StorageThroughProxy})
 * the application reaches the S3 server through a {@link TcpFaultProxy} of its own, injected into
 * the test's {@code TcpFaultProxy} fields, so that the test can cut or freeze the application's
 * storage link while the test itself still reaches the store directly.
 */
public final class AtelierStackResource implements QuarkusTestResourceLifecycleManager {

    /** Init argument: route the application's object-store traffic through a fault proxy. */
    public static final String S3_THROUGH_PROXY = "s3-through-proxy";

    private boolean throughProxy;
    private TcpFaultProxy s3Proxy;

    @Override
    public void init(Map<String, String> initArgs) {
        throughProxy = Boolean.parseBoolean(initArgs.getOrDefault(S3_THROUGH_PROXY, "false"));
    }

    @Override
    public Map<String, String> start() {
        StackEndpoints stack = SharedStack.endpoints();
        Map<String, String> config = new HashMap<>(stack.serviceProperties());
        if (throughProxy) {
            s3Proxy = TcpFaultProxy.inFrontOf(URI.create(stack.s3Endpoint()));
            config.put("atelier.storage.endpoint", s3Proxy.endpoint("http"));
        }
        config.put("quarkus.devservices.enabled", "false");
        config.put("quarkus.kafka.devservices.enabled", "false");
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(SharedStack.endpoints(),
                new TestInjector.MatchesType(StackEndpoints.class));
        if (s3Proxy != null) {
            injector.injectIntoFields(s3Proxy, new TestInjector.MatchesType(TcpFaultProxy.class));
        }
    }

    @Override
    public void stop() {
        // The stack outlives each application start; SharedStack removes it when the JVM exits.
        if (s3Proxy != null) {
            s3Proxy.close();
        }
    }
}
