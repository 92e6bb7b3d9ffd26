package io.atelier.testsupport;

import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

/**
 * What every Atelier service promises about health against the real stack: live, and ready only with
 * its Kafka connection and the object store checked. A service test extends this under
 * {@code @QuarkusTest @QuarkusTestResource(AtelierStackResource.class)}.
 */
public abstract class ServiceReadinessContract {

    @Test
    void isLive() {
        RestAssured.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void isReadyWithKafkaAndObjectStoreChecked() {
        RestAssured.given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Atelier object store", "Kafka connection health check"))
                .body("checks.status", hasItem("UP"))
                .body("checks.findAll { it.status != 'UP' }.size()", equalTo(0));
    }

    @Test
    void exposesPrometheusMetrics() {
        RestAssured.given().get("/q/metrics").then().statusCode(200);
    }
}
