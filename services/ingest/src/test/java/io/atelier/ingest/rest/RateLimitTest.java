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
import java.time.Instant;
import java.util.Map;

import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@QuarkusTestResource(AtelierStackResource.class)
@TestProfile(RateLimitTest.TwoPerMinute.class)
class RateLimitTest {

    /** A limit small enough to reach in a test. */
    public static class TwoPerMinute implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("atelier.ingest.uploads-per-minute", "2");
        }
    }

    @Inject
    ObjectStore store;

    @Test
    void uploadsOverTheLimitGet429WithRetryAfter() throws Exception {
        store.putJson(Bucket.MODELS, ObjectKeys.currentModelPointer(JobResourceTest.STYLE),
                new CurrentModel(JobResourceTest.STYLE, "v1", Instant.now()));
        byte[] png = JobResourceTest.png(JobResourceTest.image(8, 8, BufferedImage.TYPE_INT_RGB));
        for (int i = 0; i < 2; i++) {
            RestAssured.given().header("X-API-Key", JobResourceTest.USER_KEY).multiPart("image", "a.png", png,
                    "image/png").multiPart("style", JobResourceTest.STYLE).post("/api/v1/jobs").then().statusCode(202);
        }
        var third = RestAssured.given().header("X-API-Key", JobResourceTest.USER_KEY)
                .multiPart("image", "a.png", png, "image/png").multiPart("style", JobResourceTest.STYLE)
                .post("/api/v1/jobs");
        third.then().header("Retry-After", notNullValue());
        JobResourceTest.rejected(third, 429, "rate-limited");
        // another key has its own budget
        RestAssured.given().header("X-API-Key", "test-admin-key").multiPart("image", "a.png", png, "image/png")
                .multiPart("style", JobResourceTest.STYLE).post("/api/v1/jobs").then().statusCode(202);
    }
}
