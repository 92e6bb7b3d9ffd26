package io.atelier.ingest.rest;

import io.atelier.common.storage.ObjectStore;
import io.atelier.schemas.models.CurrentModel;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.atelier.testsupport.AtelierStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.notNullValue;

/** The object store works but the broker cannot be reached: 503, and the upload is removed again. */
@QuarkusTest
@QuarkusTestResource(AtelierStackResource.class)
@TestProfile(BrokerDownTest.UnreachableBroker.class)
class BrokerDownTest {

    /** Points the job producer at a loopback port where nothing listens. */
    public static class UnreachableBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.outgoing.style-jobs.bootstrap.servers", "127.0.0.1:" + closedPort(),
                    "atelier.ingest.broker-timeout", "3s");
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Inject
    ObjectStore store;

    @Test
    void anUploadThatCannotBeQueuedIsRefusedWith503AndLeavesNoObject() throws Exception {
        store.putJson(Bucket.MODELS, ObjectKeys.currentModelPointer(JobResourceTest.STYLE),
                new CurrentModel(JobResourceTest.STYLE, "v1", Instant.now()));
        int uploadsBefore = store.list(Bucket.UPLOADS, "uploads/").size();
        int statusesBefore = store.list(Bucket.RESULTS, "jobs/").size();

        JobResourceTest.rejected(RestAssured.given().header("X-API-Key", JobResourceTest.USER_KEY)
                .multiPart("image", "a.png", JobResourceTest.png(JobResourceTest.image(8, 8,
                        BufferedImage.TYPE_INT_RGB)), "image/png")
                .multiPart("style", JobResourceTest.STYLE).post("/api/v1/jobs"), 503, "queue-unavailable");
        RestAssured.given().header("X-API-Key", JobResourceTest.USER_KEY)
                .multiPart("image", "a.png", JobResourceTest.png(JobResourceTest.image(8, 8,
                        BufferedImage.TYPE_INT_RGB)), "image/png")
                .multiPart("style", JobResourceTest.STYLE).post("/api/v1/jobs").then().statusCode(503)
                .header("Retry-After", notNullValue());

        assertThat(store.list(Bucket.UPLOADS, "uploads/")).hasSize(uploadsBefore);
        assertThat(store.list(Bucket.RESULTS, "jobs/")).as("no status record left behind").hasSize(statusesBefore);
    }
}
