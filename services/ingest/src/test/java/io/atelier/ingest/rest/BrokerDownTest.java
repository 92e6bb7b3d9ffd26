package io.atelier.ingest.rest;

import io.atelier.common.storage.ObjectStore;
import io.atelier.infra.local.Ports;
import io.atelier.schemas.models.CurrentModel;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.atelier.testsupport.AtelierStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.notNullValue;

/** The object store works but the broker cannot be reached: 503, and the upload kept for a retry of the same job. */
@QuarkusTest
@QuarkusTestResource(AtelierStackResource.class)
@TestProfile(BrokerDownTest.UnreachableBroker.class)
class BrokerDownTest {

    /** Points the job producer at a loopback port where nothing listens. */
    public static class UnreachableBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.outgoing.style-jobs.bootstrap.servers", "127.0.0.1:" + Ports.freePort(),
                    "atelier.ingest.broker-timeout", "3s");
        }
    }

    @Inject
    ObjectStore store;

    /**
     * Kafka cannot say whether a record it did not acknowledge was written, so the upload stays for its
     * event, and a retry with the same Idempotency-Key is the same job (its event sent again), not a
     * second upload.
     */
    @Test
    void anUploadTheBrokerDoesNotConfirmIsRefusedWith503AndKeptForARetryOfTheSameJob() throws Exception {
        store.putJson(Bucket.MODELS, ObjectKeys.currentModelPointer(JobResourceTest.STYLE),
                new CurrentModel(JobResourceTest.STYLE, "v1", Instant.now()));
        Set<String> uploadsBefore = Set.copyOf(store.list(Bucket.UPLOADS, "uploads/"));
        Set<String> statusesBefore = Set.copyOf(store.list(Bucket.RESULTS, "jobs/"));
        String key = UUID.randomUUID().toString();
        byte[] png = JobResourceTest.png(JobResourceTest.image(8, 8, BufferedImage.TYPE_INT_RGB));

        for (int attempt = 0; attempt < 2; attempt++) {
            Response refused = RestAssured.given().header("X-API-Key", JobResourceTest.USER_KEY)
                    .header("Idempotency-Key", key).multiPart("image", "a.png", png, "image/png")
                    .multiPart("style", JobResourceTest.STYLE).post("/api/v1/jobs");
            JobResourceTest.rejected(refused, 503, "queue-unavailable", "same Idempotency-Key");
            refused.then().header("Retry-After", notNullValue());

            List<String> uploads = new ArrayList<>(store.list(Bucket.UPLOADS, "uploads/"));
            uploads.removeAll(uploadsBefore);
            assertThat(uploads).as("the upload kept, once, after attempt %d", attempt + 1).hasSize(1);
            String jobId = uploads.get(0).split("/")[1];
            List<String> statuses = new ArrayList<>(store.list(Bucket.RESULTS, "jobs/"));
            statuses.removeAll(statusesBefore);
            assertThat(statuses).containsExactly(ObjectKeys.jobStatus(jobId));
        }
    }
}
