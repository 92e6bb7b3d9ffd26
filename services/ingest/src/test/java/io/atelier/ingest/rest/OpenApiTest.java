package io.atelier.ingest.rest;

import io.atelier.schemas.training.TrainingProfile;
import io.atelier.testsupport.AtelierStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /q/openapi} documents every response of every endpoint, problems included, with schemas. */
@QuarkusTest
@QuarkusTestResource(AtelierStackResource.class)
class OpenApiTest {

    Map<String, Object> document;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void fetch() {
        document = RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().as(Map.class);
    }

    @Test
    void jobSubmissionDocumentsEachOutcomeWithItsSchema() {
        Map<String, Object> responses = responses("/api/v1/jobs", "post");

        assertThat(responses).containsOnlyKeys("202", "400", "401", "403", "409", "413", "415", "422", "429",
                "503");
        assertThat(schemaRef(responses.get("202"), "application/json")).isEqualTo("#/components/schemas/JobAccepted");
        for (String status : List.of("400", "401", "403", "409", "413", "415", "422", "429", "503")) {
            assertThat(schemaRef(responses.get(status), "application/problem+json")).as(status)
                    .isEqualTo("#/components/schemas/Problem");
        }
        for (String status : List.of("409", "429", "503")) {
            assertThat(map(resolve(responses.get(status)), "headers")).as(status).containsKey("Retry-After");
        }
        assertThat(map(map(map(document, "components"), "schemas"), "Problem", "properties"))
                .containsKeys("type", "title", "status", "detail");
        assertThat(map(map(map(document, "components"), "schemas"), "JobAccepted", "properties"))
                .containsKeys("jobId", "status", "links");
    }

    @Test
    void theOtherEndpointsDocumentTheirAnswersAndRefusals() {
        assertThat(responses("/api/v1/jobs/{id}", "get")).containsOnlyKeys("200", "400", "401", "403", "404", "503");
        assertThat(schemaRef(responses("/api/v1/jobs/{id}", "get").get("200"), "application/json"))
                .isEqualTo("#/components/schemas/Job");
        assertThat(responses("/api/v1/jobs/{id}/events", "get")).containsKeys("200", "401", "404", "503");
        assertThat(responses("/api/v1/styles", "post"))
                .containsOnlyKeys("202", "400", "401", "403", "409", "413", "415", "422", "503");
        assertThat(schemaRef(responses("/api/v1/styles", "post").get("202"), "application/json"))
                .isEqualTo("#/components/schemas/TrainingAccepted");
        assertThat(responses("/api/v1/styles", "get")).containsOnlyKeys("200", "401", "403", "503");
        assertThat(responses("/api/v1/styles/{name}", "get")).containsOnlyKeys("200", "401", "403", "404", "503");
        assertThat(map(map(document, "components"), "securitySchemes")).containsKeys("apiKey", "bearer");
    }

    @Test
    void trainingProfilesAreListedAsTheContractNamesThem() {
        Map<String, Object> form = schema(map(map(map(document, "paths"), "/api/v1/styles"), "post", "requestBody",
                "content", "multipart/form-data", "schema"));
        Map<String, Object> profile = map(form, "properties", "profile");

        assertThat(schema(profile).get("enum")).as(profile.toString()).isEqualTo(TrainingProfile.names());
        assertThat(profile.get("default")).as(profile.toString()).isEqualTo(TrainingProfile.DEFAULT.wireName());
    }

    /** A schema, or the named schema it refers to. */
    private Map<String, Object> schema(Map<String, Object> given) {
        Object ref = given.get("$ref");
        if (ref == null) {
            return given;
        }
        assertThat((String) ref).startsWith("#/components/schemas/");
        return map(map(map(document, "components"), "schemas"), ((String) ref).substring(21));
    }

    private Map<String, Object> responses(String path, String method) {
        return map(map(map(document, "paths"), path), method, "responses");
    }

    /** A response, or the named response it refers to. */
    private Map<String, Object> resolve(Object response) {
        Map<String, Object> given = cast(response);
        Object ref = given.get("$ref");
        if (ref == null) {
            return given;
        }
        assertThat((String) ref).startsWith("#/components/responses/");
        return map(map(map(document, "components"), "responses"), ((String) ref).substring(23));
    }

    private String schemaRef(Object response, String mediaType) {
        return (String) map(map(resolve(response), "content"), mediaType, "schema").get("$ref");
    }

    private static Map<String, Object> map(Map<String, Object> from, String... keys) {
        Map<String, Object> at = from;
        for (String key : keys) {
            assertThat(at).as("has " + key).containsKey(key);
            at = cast(at.get(key));
        }
        return at;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }
}
