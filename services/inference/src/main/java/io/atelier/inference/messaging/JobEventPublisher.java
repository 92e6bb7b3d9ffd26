package io.atelier.inference.messaging;

import io.atelier.schemas.cloudevents.CloudEventCodec;
import io.atelier.schemas.cloudevents.CloudEventHeaders;
import io.atelier.schemas.cloudevents.EncodedEvent;
import io.atelier.schemas.cloudevents.KafkaCloudEvents;
import io.atelier.schemas.events.AtelierEvent;
import io.atelier.schemas.events.FailureReason;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.atelier.schemas.cloudevents.TraceParent;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;

/**
 * Publishes job events and dead letters, each waiting for the broker's acknowledgement, so that the
 * incoming job is acknowledged only after its outcome is durable.
 */
@ApplicationScoped
public class JobEventPublisher {

    static final String SOURCE = "/atelier/inference";

    private final MutinyEmitter<byte[]> results;
    private final MutinyEmitter<byte[]> deadLetters;
    private final CloudEventCodec codec = new CloudEventCodec(SOURCE);

    public JobEventPublisher(@Channel(Channels.JOB_RESULTS) MutinyEmitter<byte[]> results,
                             @Channel(Channels.DEAD_LETTERS) MutinyEmitter<byte[]> deadLetters) {
        this.results = results;
        this.deadLetters = deadLetters;
    }

    /** Publishes an event caused by a job, continuing the job's trace in a span of its own. */
    public void publish(AtelierEvent event, TraceParent trace) {
        EncodedEvent encoded = codec.encode(event);
        RecordHeaders headers = new RecordHeaders(KafkaCloudEvents.toHeaders(encoded.headers()).toArray());
        headers.add(CloudEventHeaders.TRACEPARENT, utf8(trace.child().toString()));
        results.sendMessageAndAwait(Message.of(encoded.data()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(encoded.key())
                .withHeaders(headers)
                .build()));
    }

    /** Sends the original record, value and headers unchanged, with the reason added in headers. */
    public void deadLetter(KafkaRecord<?, byte[]> original, FailureReason reason, String message) {
        byte[] value = original.getPayload();
        RecordHeaders headers = new RecordHeaders();
        for (Header header : original.getHeaders()) {
            headers.add(header);
        }
        headers.add(CloudEventHeaders.DLQ_REASON, utf8(reason.name()));
        headers.add(CloudEventHeaders.DLQ_MESSAGE, utf8(message));
        headers.add(CloudEventHeaders.DLQ_ORIGINAL_TOPIC, utf8(original.getTopic()));
        headers.add(CloudEventHeaders.DLQ_ORIGINAL_PARTITION, utf8(Integer.toString(original.getPartition())));
        headers.add(CloudEventHeaders.DLQ_ORIGINAL_OFFSET, utf8(Long.toString(offset(original))));
        Object key = original.getKey();
        deadLetters.sendMessageAndAwait(Message.of(value == null ? new byte[0] : value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(key == null ? null : key.toString())
                        .withHeaders(headers)
                        .build()));
    }

    /** Offset of an incoming record, or -1 when it carries no Kafka metadata. */
    static long offset(KafkaRecord<?, ?> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class).map(metadata -> metadata.getOffset())
                .orElse(-1L);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
