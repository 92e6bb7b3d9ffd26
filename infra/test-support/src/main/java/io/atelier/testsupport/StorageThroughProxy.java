package io.atelier.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * Test profile ({@code @TestProfile(StorageThroughProxy.class)}) for outage tests: the application
 * reaches the shared stack's S3 server only through a {@link TcpFaultProxy}, injected into the test's
 * {@code TcpFaultProxy} field. The other test classes' resources are left out, so that no second
 * storage endpoint competes with the proxied one.
 */
public class StorageThroughProxy implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(AtelierStackResource.class,
                Map.of(AtelierStackResource.S3_THROUGH_PROXY, "true")));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
