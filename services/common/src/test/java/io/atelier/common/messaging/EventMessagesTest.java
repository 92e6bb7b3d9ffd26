package io.atelier.common.messaging;

import io.atelier.schemas.cloudevents.CloudEventHeaders;
import io.atelier.schemas.cloudevents.EncodedEvent;
import io.atelier.schemas.cloudevents.KafkaCloudEvents;
import io.atelier.schemas.events.FailureReason;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EventMessagesTest {

    @Test
    void deadLettersUseTheConnectorsHeaderNamesSoEveryRecordOnADeadLetterTopicReadsAlike() {
        assertThat(CloudEventHeaders.DEAD_LETTER_REASON).isEqualTo(KafkaDeadLetterQueue.DEAD_LETTER_REASON);
        assertThat(CloudEventHeaders.DEAD_LETTER_TOPIC).isEqualTo(KafkaDeadLetterQueue.DEAD_LETTER_TOPIC);
        assertThat(CloudEventHeaders.DEAD_LETTER_PARTITION).isEqualTo(KafkaDeadLetterQueue.DEAD_LETTER_PARTITION);
        assertThat(CloudEventHeaders.DEAD_LETTER_OFFSET).isEqualTo(KafkaDeadLetterQueue.DEAD_LETTER_OFFSET);
    }

    @Test
    void aDeadLetterKeepsTheEventAndSaysWhy() {
        EncodedEvent event = new EncodedEvent("atelier.training-requests", "run-1",
                Map.of(CloudEventHeaders.ID, "event-1", CloudEventHeaders.TYPE, "io.atelier.test.v1"),
                "{}".getBytes(StandardCharsets.UTF_8));

        Message<byte[]> dead = EventMessages.deadLetter(event, FailureReason.INPUT_INVALID, "no style images");

        assertThat(dead.getPayload()).isEqualTo(event.data());
        Map<String, String> headers = KafkaCloudEvents.fromHeaders(outgoing(dead).getHeaders());
        assertThat(headers).containsEntry(CloudEventHeaders.ID, "event-1")
                .containsEntry(CloudEventHeaders.DEAD_LETTER_FAILURE_REASON, "INPUT_INVALID")
                .containsEntry(CloudEventHeaders.DEAD_LETTER_REASON, "no style images")
                .containsEntry(CloudEventHeaders.DEAD_LETTER_TOPIC, "atelier.training-requests");
        assertThat(outgoing(dead).getKey()).isEqualTo("run-1");
    }

    @Test
    void aNackCarriesTheReasonCodeForTheConnectorsDeadLetterStrategy() {
        OutgoingKafkaRecordMetadata<?> metadata = EventMessages.deadLetterNack(FailureReason.PROCESSING_ERROR)
                .get(OutgoingKafkaRecordMetadata.class).orElseThrow();

        assertThat(KafkaCloudEvents.fromHeaders(metadata.getHeaders()))
                .containsExactly(Map.entry(CloudEventHeaders.DEAD_LETTER_FAILURE_REASON, "PROCESSING_ERROR"));
    }

    private static OutgoingKafkaRecordMetadata<?> outgoing(Message<byte[]> message) {
        return message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
    }
}
