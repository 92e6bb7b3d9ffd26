package io.atelier.common.messaging;

import io.atelier.schemas.cloudevents.CloudEventHeaders;
import io.atelier.schemas.cloudevents.EncodedEvent;
import io.atelier.schemas.cloudevents.KafkaCloudEvents;
import io.atelier.schemas.events.FailureReason;
import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.nio.charset.StandardCharsets;

/** Reactive Messaging messages in Atelier's wire format: CloudEvents binary mode and dead letters. */
public final class EventMessages {

    private EventMessages() {
    }

    /**
     * An encoded event as a Kafka message, in the caller's trace: the connector records its publish span
     * under the current span and writes the W3C {@code traceparent} header. The context travels on the
     * message because the connector may send it from another thread.
     */
    public static Message<byte[]> event(EncodedEvent encoded) {
        return keyed(encoded.key(), encoded.data(), new RecordHeaders(KafkaCloudEvents.toHeaders(encoded.headers())
                .toArray()));
    }

    /**
     * The original record, value and headers unchanged, with why it was rejected added in headers. Its
     * {@code traceparent} is left to the connector, which writes the current one (same trace, when the
     * job's context is current).
     */
    public static Message<byte[]> deadLetter(KafkaRecord<?, byte[]> original, FailureReason reason, String message) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : original.getHeaders()) {
            if (!CloudEventHeaders.TRACEPARENT.equals(header.key())) {
                headers.add(header);
            }
        }
        addReason(headers, reason, message, original.getTopic());
        headers.add(CloudEventHeaders.DEAD_LETTER_PARTITION, utf8(Integer.toString(original.getPartition())));
        headers.add(CloudEventHeaders.DEAD_LETTER_OFFSET, utf8(Long.toString(offset(original))));
        Object key = original.getKey();
        byte[] value = original.getPayload();
        return keyed(key == null ? null : key.toString(), value == null ? new byte[0] : value, headers);
    }

    /**
     * A dead letter for an event that was acknowledged before it failed (a training run fails hours
     * after its request was recorded): the event as re-encoded from the durable record, with the
     * reason headers; partition and offset are unknown by then and left out.
     */
    public static Message<byte[]> deadLetter(EncodedEvent event, FailureReason reason, String message) {
        RecordHeaders headers = new RecordHeaders(KafkaCloudEvents.toHeaders(event.headers()).toArray());
        addReason(headers, reason, message, event.topic());
        return keyed(event.key(), event.data(), headers);
    }

    private static void addReason(RecordHeaders headers, FailureReason reason, String message, String topic) {
        headers.add(CloudEventHeaders.DEAD_LETTER_FAILURE_REASON, utf8(reason.name()));
        headers.add(CloudEventHeaders.DEAD_LETTER_REASON, utf8(message));
        headers.add(CloudEventHeaders.DEAD_LETTER_TOPIC, utf8(topic));
    }

    private static Message<byte[]> keyed(String key, byte[] value, RecordHeaders headers) {
        return Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key)
                .withHeaders(headers)
                .build())
                .addMetadata(TracingMetadata.withCurrent(Context.current()));
    }

    /**
     * What to nack a record with when its failure has a reason code: the channel's dead-letter-queue
     * strategy adds these headers to its own, so the record reads like the dead letters sent above.
     */
    public static Metadata deadLetterNack(FailureReason reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.DEAD_LETTER_FAILURE_REASON, utf8(reason.name()));
        return Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(headers).build());
    }

    /** Offset of an incoming record, or -1 when it carries no Kafka metadata. */
    public static long offset(KafkaRecord<?, ?> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class).map(metadata -> metadata.getOffset())
                .orElse(-1L);
    }

    /** Where a record came from, for messages: {@code topic/partition@offset}. */
    public static String describe(KafkaRecord<?, ?> record) {
        return record.getTopic() + "/" + record.getPartition() + "@" + offset(record);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
