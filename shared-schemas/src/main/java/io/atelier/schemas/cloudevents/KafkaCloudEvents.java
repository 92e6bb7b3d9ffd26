package io.atelier.schemas.cloudevents;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Adapts {@link EncodedEvent}s to kafka-clients records and headers. */
public final class KafkaCloudEvents {

    private KafkaCloudEvents() {
    }

    public static ProducerRecord<String, byte[]> toRecord(EncodedEvent event) {
        return new ProducerRecord<>(event.topic(), null, event.key(), event.data(), toHeaders(event.headers()));
    }

    public static Headers toHeaders(Map<String, String> headers) {
        RecordHeaders result = new RecordHeaders();
        headers.forEach((name, value) -> result.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return result;
    }

    /** Header values as UTF-8 strings; the last value wins where a name repeats. */
    public static Map<String, String> fromHeaders(Headers headers) {
        Map<String, String> result = new LinkedHashMap<>();
        for (Header header : headers) {
            result.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return result;
    }
}
