package io.atelier.ingest.health;

import io.atelier.testsupport.AtelierStackResource;
import io.atelier.testsupport.ServiceReadinessContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(AtelierStackResource.class)
class ReadinessTest extends ServiceReadinessContract {
}
