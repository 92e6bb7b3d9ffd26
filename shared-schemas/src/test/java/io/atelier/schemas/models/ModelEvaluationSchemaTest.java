package io.atelier.schemas.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atelier.schemas.json.EventJson;
import io.atelier.schemas.json.EventSchemas;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** evaluation.json as the record writes it keeps its schema, and the schema refuses what it should. */
class ModelEvaluationSchemaTest {

    static ModelEvaluation sample(String styleImage) {
        boolean style = styleImage != null;
        return new ModelEvaluation(ModelEvaluation.SCHEMA_VERSION, "starry-night", "v3",
                Instant.parse("2026-11-29T14:53:00Z"), 192, "infra/samples/holdout", styleImage,
                List.of(new ModelEvaluation.Photo("otters.jpg", style ? 0.78 : null, style ? 0.41 : null,
                        style ? 0.52 : null, style ? 0.44 : null, 0.48, 0.97, 8.5, 15.0)),
                new ModelEvaluation.Summary(style ? 0.53 : null, style ? 0.85 : null, 0.48, 0.48, 0.97, 6.5),
                style ? GateVerdict.of(List.of()) : GateVerdict.of(List.of(
                        GateFailure.check("medianSsim", 0.12, 0.35, GateFailure.Limit.MIN))));
    }

    private static List<String> problems(JsonNode document) {
        return EventSchemas.get().problems(ModelEvaluation.SCHEMA_ID, document);
    }

    @Test
    void recordsWithAndWithoutAStyleImageValidateAndRoundTrip() throws Exception {
        for (ModelEvaluation evaluation : List.of(sample("styles/starry-night/x/style-000.png"), sample(null))) {
            JsonNode json = EventJson.mapper().valueToTree(evaluation);
            assertThat(problems(json)).as(json.toString()).isEmpty();
            assertThat(EventJson.mapper().treeToValue(json, ModelEvaluation.class)).isEqualTo(evaluation);
        }
        JsonNode held = EventJson.mapper().valueToTree(sample(null));
        assertThat(held.at("/gate/outcome").asText()).isEqualTo("FAILED");
        assertThat(held.at("/gate/failures/0/metric").asText()).isEqualTo("medianSsim");
        assertThat(held.at("/summary").has("styleRatio")).isFalse();
        assertThat(held.at("/summary").has("textureRatio")).isFalse();
    }

    @Test
    void missingSummaryUnknownFieldsAndOutOfRangeValuesAreNamed() {
        ObjectNode noSummary = EventJson.mapper().valueToTree(sample(null));
        noSummary.remove("summary");
        assertThat(problems(noSummary)).anySatisfy(p -> assertThat(p).contains("summary"));

        ObjectNode extra = EventJson.mapper().valueToTree(sample(null));
        extra.put("verdict", "fine");
        assertThat(problems(extra)).anySatisfy(p -> assertThat(p).contains("verdict"));

        ObjectNode badSsim = EventJson.mapper().valueToTree(sample(null));
        ((ObjectNode) badSsim.get("summary")).put("medianSsim", 1.5);
        assertThat(problems(badSsim)).anySatisfy(p -> assertThat(p).contains("medianSsim"));

        ObjectNode badOutcome = EventJson.mapper().valueToTree(sample(null));
        ((ObjectNode) badOutcome.get("gate")).put("outcome", "MAYBE");
        assertThat(problems(badOutcome)).anySatisfy(p -> assertThat(p).contains("outcome"));
    }

    @Test
    void gateFailuresSayWhichWayTheyMissed() {
        assertThat(GateFailure.check("medianSsim", 0.40, 0.35, GateFailure.Limit.MIN)).isNull();
        assertThat(GateFailure.check("medianBorderRatio", 1.4, 1.3, GateFailure.Limit.MAX).describe())
                .isEqualTo("medianBorderRatio 1.400 is above the maximum 1.3");
        assertThat(GateVerdict.of(List.of(GateFailure.check("minSsim", 0.1, 0.2, GateFailure.Limit.MIN)))
                .holdsBack()).isTrue();
        assertThat(GateVerdict.skipped("profile tiny is exempt").holdsBack()).isFalse();
    }
}
