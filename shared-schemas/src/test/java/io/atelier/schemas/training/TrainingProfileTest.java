package io.atelier.schemas.training;

import com.fasterxml.jackson.databind.JsonNode;
import io.atelier.schemas.events.EventType;
import io.atelier.schemas.json.EventJson;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainingProfileTest {

    @Test
    void thePublishedSchemaListsExactlyTheseProfiles() throws Exception {
        JsonNode schema;
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream(EventType.TRAINING_REQUESTED.schemaResource())) {
            schema = EventJson.mapper().readTree(in);
        }
        List<String> listed = new ArrayList<>();
        schema.at("/properties/profile/enum").forEach(name -> listed.add(name.asText()));

        assertThat(listed).isEqualTo(TrainingProfile.names());
    }

    @Test
    void namesAreReadInAnyCaseAndUnknownOnesAreRefusedWithTheChoices() throws Exception {
        assertThat(TrainingProfile.named(" Quick ")).isEqualTo(TrainingProfile.QUICK);
        assertThat(EventJson.mapper().writeValueAsString(TrainingProfile.STANDARD)).isEqualTo("\"standard\"");
        assertThatThrownBy(() -> TrainingProfile.named("huge"))
                .hasMessageContaining("'huge'").hasMessageContaining("tiny, quick, extended, standard, custom");
    }
}
