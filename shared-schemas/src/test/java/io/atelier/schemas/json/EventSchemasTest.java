package io.atelier.schemas.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atelier.schemas.SampleEvents;
import io.atelier.schemas.events.AtelierEvent;
import io.atelier.schemas.events.EventType;
import io.atelier.schemas.events.InlineImage;
import io.atelier.schemas.events.StyleJobRequested;
import io.atelier.schemas.events.TrainingRequested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventSchemasTest {

    private final EventSchemas schemas = EventSchemas.get();

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyRecordRoundTripsThroughJsonAndValidates(EventType type) throws Exception {
        AtelierEvent event = SampleEvents.sample(type);

        byte[] json = schemas.write(event);

        assertThat(schemas.problems(type, EventJson.mapper().readTree(json))).isEmpty();
        assertThat(schemas.read(type, json)).isEqualTo(event);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaPropertiesAreExactlyTheRecordComponents(EventType type) throws Exception {
        JsonNode schema;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(type.schemaResource())) {
            assertThat(in).as(type.schemaResource()).isNotNull();
            schema = EventJson.mapper().readTree(in);
        }
        Set<String> properties = new TreeSet<>();
        schema.get("properties").fieldNames().forEachRemaining(properties::add);
        Set<String> components = new TreeSet<>(Arrays.stream(type.recordClass().getRecordComponents())
                .map(RecordComponent::getName).toList());

        assertThat(properties).isEqualTo(components);
        assertThat(schema.get("$id").asText()).isEqualTo(type.schemaId());
        assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
    }

    @Test
    void missingRequiredFieldIsNamed() throws Exception {
        ObjectNode doc = validJob();
        doc.remove("jobId");

        assertThatThrownBy(() -> schemas.read(EventType.STYLE_JOB_REQUESTED, bytes(doc)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("jobId");
    }

    @Test
    void wrongTypeIsNamedWithItsPath() throws Exception {
        ObjectNode doc = validJob();
        ((ObjectNode) doc.get("input")).put("width", "wide");

        assertThatThrownBy(() -> schemas.read(EventType.STYLE_JOB_REQUESTED, bytes(doc)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("/input/width");
    }

    @Test
    void unknownFieldIsRejectedByName() throws Exception {
        ObjectNode doc = validJob();
        doc.put("imageBytes", "AAAA");

        assertThatThrownBy(() -> schemas.read(EventType.STYLE_JOB_REQUESTED, bytes(doc)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("imageBytes");
    }

    @Test
    void formatsAreAsserted() throws Exception {
        ObjectNode doc = validJob();
        doc.put("requestedAt", "yesterday");
        doc.put("jobId", "not-a-uuid");

        InvalidEventException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidEventException.class,
                () -> schemas.read(EventType.STYLE_JOB_REQUESTED, bytes(doc)));
        assertThat(e.problems()).anyMatch(p -> p.contains("requestedAt"));
        assertThat(e.problems()).anyMatch(p -> p.contains("jobId"));
    }

    @Test
    void aJobNeedsExactlyOneInput() throws Exception {
        ObjectNode both = validJob();
        both.set("inlineInput", EventJson.mapper().valueToTree(InlineImage.of("image/png", new byte[]{1, 2, 3})));
        ObjectNode none = validJob();
        none.remove("input");

        assertThatThrownBy(() -> schemas.read(EventType.STYLE_JOB_REQUESTED, bytes(both)))
                .isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> schemas.read(EventType.STYLE_JOB_REQUESTED, bytes(none)))
                .isInstanceOf(InvalidEventException.class);
    }

    /** An S3 client refuses such a key before asking the store; a worker must never be handed one. */
    @ParameterizedTest
    @ValueSource(strings = {"/uploads/a.png", "uploads//a.png", "uploads/./a.png", "uploads/../a.png", "./a.png",
            "..", "uploads/.", "uploads/.."})
    void anInputKeyWithAnEmptyOrDotSegmentIsRejected(String key) throws Exception {
        ObjectNode doc = validJob();
        ((ObjectNode) doc.get("input")).put("key", key);

        assertThatThrownBy(() -> schemas.read(EventType.STYLE_JOB_REQUESTED, bytes(doc)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("/input/key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"uploads/a.png", "uploads/.hidden/a..png", "a...b/c", "x"})
    void anInputKeyWithDotsInsideSegmentsIsValid(String key) throws Exception {
        ObjectNode doc = validJob();
        ((ObjectNode) doc.get("input")).put("key", key);

        assertThat(schemas.problems(EventType.STYLE_JOB_REQUESTED, doc)).isEmpty();
    }

    @Test
    void aTrainingRequestTakesAtMostItsLimitOfStyleImages() throws Exception {
        TrainingRequested sample = (TrainingRequested) SampleEvents.sample(EventType.TRAINING_REQUESTED);
        ObjectNode doc = (ObjectNode) EventJson.mapper().valueToTree(sample);
        ArrayNode images = doc.putArray("styleImages");
        for (int i = 0; i < TrainingRequested.MAX_STYLE_IMAGES; i++) {
            images.add(EventJson.mapper().valueToTree(sample.styleImages().get(0)));
        }
        assertThat(schemas.problems(EventType.TRAINING_REQUESTED, doc)).isEmpty();

        images.add(EventJson.mapper().valueToTree(sample.styleImages().get(0)));
        assertThat(schemas.problems(EventType.TRAINING_REQUESTED, doc)).anyMatch(p -> p.contains("/styleImages"));
    }

    @Test
    void inlineImageAtTheLimitIsValidAndOneBase64GroupMoreIsNot() throws Exception {
        StyleJobRequested atLimit = SampleEvents.inlineJob(new byte[InlineImage.MAX_BYTES]);
        assertThat(schemas.read(EventType.STYLE_JOB_REQUESTED, schemas.write(atLimit))).isEqualTo(atLimit);

        ObjectNode tooBig = (ObjectNode) EventJson.mapper().valueToTree(atLimit);
        String data = java.util.Base64.getEncoder().encodeToString(new byte[InlineImage.MAX_BYTES + 3]);
        ((ObjectNode) tooBig.get("inlineInput")).put("data", data);
        assertThatThrownBy(() -> schemas.read(EventType.STYLE_JOB_REQUESTED, bytes(tooBig)))
                .hasMessageContaining("/inlineInput/data");
        assertThatThrownBy(() -> InlineImage.of("image/png", new byte[InlineImage.MAX_BYTES + 1]))
                .hasMessageContaining("limit");
    }

    @Test
    void malformedJsonIsReportedAsSuch() {
        assertThatThrownBy(() -> schemas.read(EventType.STYLE_JOB_REQUESTED, "{\"jobId\":".getBytes()))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void writingAnEventThatBreaksItsSchemaFails() {
        StyleJobRequested broken = new StyleJobRequested(1, "nope", "Bad Style!", null, SampleEvents.input(), null,
                null, SampleEvents.NOW, null);

        assertThatThrownBy(() -> schemas.write(broken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jobId")
                .hasMessageContaining("style");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everySchemaDeclaresDraft202012AndRequiresOnlyKnownProperties(EventType type) throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(type.schemaResource())) {
            JsonNode schema = EventJson.mapper().readTree(in);
            assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
            for (JsonNode required : schema.get("required")) {
                assertThat(schema.get("properties").has(required.asText())).as(required.asText()).isTrue();
            }
        }
    }

    private static ObjectNode validJob() {
        return (ObjectNode) EventJson.mapper().valueToTree(SampleEvents.styleJobRequested());
    }

    private static byte[] bytes(JsonNode doc) throws Exception {
        return EventJson.mapper().writeValueAsBytes(doc);
    }
}
