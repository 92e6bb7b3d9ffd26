package io.atelier.schemas.storage;

import io.atelier.schemas.SampleEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectKeysTest {

    @Test
    void layoutIsStable() {
        String job = SampleEvents.JOB_ID;
        String run = SampleEvents.RUN_ID;
        assertThat(ObjectKeys.uploadInput(job)).isEqualTo("uploads/" + job + "/input.png");
        assertThat(ObjectKeys.resultOutput(job, "jpg")).isEqualTo("results/" + job + "/output.jpg");
        assertThat(ObjectKeys.jobStatus(job)).isEqualTo("jobs/" + job + "/status.json");
        assertThat(ObjectKeys.styleImage("starry-night", run, 2))
                .isEqualTo("styles/starry-night/" + run + "/style-002.png");
        assertThat(ObjectKeys.contentImage("samples", "cat.jpg")).isEqualTo("content/samples/cat.jpg");
        assertThat(ObjectKeys.checkpointPrefix(run, 1500))
                .isEqualTo("runs/" + run + "/checkpoints/step-000001500/");
        assertThat(ObjectKeys.modelGenerator("starry-night", "v3")).isEqualTo("models/starry-night/v3/generator.onnx");
        assertThat(ObjectKeys.currentModelPointer("starry-night")).isEqualTo("models/starry-night/current.json");
        assertThat(ObjectKeys.modelEvaluation("starry-night", "v2")).isEqualTo("models/starry-night/v2/evaluation.json");
        assertThat(ObjectKeys.modelContactSheet("starry-night", "v2")).isEqualTo("models/starry-night/v2/contact-sheet.png");
        assertThat(ObjectKeys.modelVersionOf(ObjectKeys.modelEvaluation("starry-night", "v2"))).isEmpty();
        assertThat(ObjectKeys.activeRunMarker(run)).isEqualTo("active-runs/" + run);
        assertThat(ObjectKeys.runIdOfMarker(ObjectKeys.activeRunMarker(run))).isEqualTo(run);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc", "Starry", "a", "x/y", "-lead", "trail-", ""})
    void rejectsStyleNamesThatCouldEscapeOrClash(String style) {
        assertThatThrownBy(() -> ObjectKeys.modelsPrefix(style))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid style");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../x", "0B6F2F4E-5C3A-4D0E-9A41-6F1D2B7C8E90", "1-1-1-1-1", "job"})
    void rejectsIdsThatAreNotCanonicalUuids(String id) {
        assertThatThrownBy(() -> ObjectKeys.uploadInput(id)).hasMessageContaining("UUID");
    }

    @Test
    void manifestKeysNameTheirVersionAndOtherKeysDoNot() {
        assertThat(ObjectKeys.modelVersionOf(ObjectKeys.modelManifest("starry-night", "v12")))
                .contains(new ObjectKeys.ModelVersionKey("starry-night", "v12"));
        assertThat(ObjectKeys.modelVersionOf(ObjectKeys.modelGenerator("starry-night", "v12"))).isEmpty();
        assertThat(ObjectKeys.modelVersionOf(ObjectKeys.currentModelPointer("starry-night"))).isEmpty();
        assertThat(ObjectKeys.modelVersionOf("models/x/v0/manifest.json")).isEmpty();
        assertThat(new ObjectKeys.ModelVersionKey("s", "v12").number()).isEqualTo(12);
    }

    @Test
    void styleImageKeysNameTheirRunAndOtherKeysDoNot() {
        String run = SampleEvents.RUN_ID;
        assertThat(ObjectKeys.styleRunOf(ObjectKeys.styleImage("starry-night", run, 3)))
                .contains(new ObjectKeys.StyleRunKey("starry-night", run));
        assertThat(ObjectKeys.styleRunOf(ObjectKeys.styleImagesPrefix("starry-night", run))).isEmpty();
        assertThat(ObjectKeys.styleRunOf("styles/starry-night/not-a-run/style-000.png")).isEmpty();
    }

    @Test
    void idempotencyRecordsTakeOnlyAHash() {
        assertThat(ObjectKeys.idempotencyRecord("a".repeat(64))).isEqualTo("idempotency/" + "a".repeat(64) + ".json");
        assertThatThrownBy(() -> ObjectKeys.idempotencyRecord("../x")).hasMessageContaining("SHA-256");
    }

    @Test
    void rejectsFileNamesWithPathSeparators() {
        assertThatThrownBy(() -> ObjectKeys.contentImage("samples", "../secret")).hasMessageContaining("fileName");
    }
}
