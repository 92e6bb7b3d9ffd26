package io.atelier.inference.health;

import io.atelier.common.storage.ObjectStore;
import io.atelier.inference.model.GeneratorSessions;
import io.atelier.inference.model.TestGenerators;
import io.atelier.testsupport.AtelierStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@QuarkusTestResource(AtelierStackResource.class)
@TestProfile(DefaultStylesReadinessTest.WithDefaultStyle.class)
class DefaultStylesReadinessTest {

    static final String STYLE = "test-default-style";

    /** Configures one default style that nothing has published yet. */
    public static class WithDefaultStyle implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("atelier.inference.default-styles", STYLE);
        }
    }

    @Inject
    ObjectStore store;

    @Inject
    GeneratorSessions sessions;

    @Test
    void notReadyUntilTheDefaultStyleIsPublishedThenReadyWithItLoaded() {
        RestAssured.given().get("/q/health/ready").then()
                .statusCode(503)
                .body("checks.find { it.name == 'Atelier models' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'Atelier models' }.data.'" + STYLE + "'",
                        containsString("no model is published"));

        TestGenerators.publish(store, STYLE, "v1", TestGenerators.inversion());

        RestAssured.given().get("/q/health/ready").then()
                .statusCode(200)
                .body("checks.name", hasItem("Atelier models"));
        assertThat(sessions.isLoaded(STYLE, "v1")).isTrue();
    }
}
