package io.atelier.schemas.cloudevents;

import io.atelier.schemas.SampleEvents;
import io.atelier.schemas.events.AtelierEvent;
import io.atelier.schemas.events.EventType;
import io.atelier.schemas.events.StyleJobRequested;
import io.atelier.schemas.events.TrainingRequested;
import io.atelier.schemas.json.InvalidEventException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudEventCodecTest {

    private final CloudEventCodec codec = new CloudEventCodec("/atelier/test",
            Clock.fixed(SampleEvents.NOW, ZoneOffset.UTC));

    @ParameterizedTest
    @EnumSource(EventType.class)
    void encodesBinaryModeAttributesAndDecodesBack(EventType type) throws Exception {
        AtelierEvent event = SampleEvents.sample(type);

        EncodedEvent encoded = codec.encode(event);

        assertThat(encoded.topic()).isEqualTo(type.topic());
        assertThat(encoded.key()).isEqualTo(event.partitionKey());
        assertThat(encoded.headers())
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_source", "/atelier/test")
                .containsEntry("ce_type", "io.atelier." + type.schemaResource()
                        .replace("atelier/schemas/", "").replace(".schema.json", "") + ".v1")
                .containsEntry("ce_time", "2026-11-29T14:53:00Z")
                .containsEntry("ce_subject", event.partitionKey())
                .containsEntry("ce_dataschema", type.schemaId())
                .containsEntry("content-type", "application/json")
                .containsKey("ce_id");
        assertThat(CloudEventCodec.decode(encoded.headers(), encoded.data())).isEqualTo(event);
    }

    @Test
    void eachEncodingHasItsOwnId() {
        AtelierEvent event = SampleEvents.styleJobRequested();
        assertThat(codec.encode(event).id()).isNotEqualTo(codec.encode(event).id());
    }

    @Test
    void acceptsJsonWrittenByHandWithoutAtelierClasses() throws Exception {
        String json = """
                {"schemaVersion":1,"jobId":"%s","style":"starry-night","requestedAt":"2026-11-29T10:00:00Z",
                 "inlineInput":{"contentType":"image/png","data":"iVBORw0KGgo="}}
                """.formatted(SampleEvents.JOB_ID);
        Map<String, String> headers = Map.of("ce_specversion", "1.0", "ce_id", "partner-1", "ce_source", "/partner",
                "ce_type", "io.atelier.style-job.requested.v1", "content-type", "application/json; charset=utf-8");

        StyleJobRequested job = CloudEventCodec.decode(headers, json.getBytes(StandardCharsets.UTF_8),
                StyleJobRequested.class);

        assertThat(job.jobId()).isEqualTo(SampleEvents.JOB_ID);
        assertThat(job.inlineInput().decode()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }

    @Test
    void rejectsBrokenAttributesNamingEachOne() {
        EncodedEvent good = codec.encode(SampleEvents.styleJobRequested());
        Map<String, String> headers = new HashMap<>(good.headers());
        headers.put("ce_specversion", "0.3");
        headers.remove("ce_id");
        headers.put("ce_type", "com.example.unknown");

        assertThatThrownBy(() -> CloudEventCodec.decode(headers, good.data()))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("ce_specversion")
                .hasMessageContaining("ce_id")
                .hasMessageContaining("ce_type");
    }

    @Test
    void rejectsAnotherEventTypeWhereOneIsExpected() {
        EncodedEvent job = codec.encode(SampleEvents.styleJobRequested());

        assertThatThrownBy(() -> CloudEventCodec.decode(job.headers(), job.data(), TrainingRequested.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("training.requested");
    }

    @Test
    void rejectsARecordWithoutValue() {
        EncodedEvent job = codec.encode(SampleEvents.styleJobRequested());

        assertThatThrownBy(() -> CloudEventCodec.decode(job.headers(), null))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("no value");
    }
}
