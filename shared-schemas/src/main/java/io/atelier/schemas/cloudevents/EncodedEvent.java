package io.atelier.schemas.cloudevents;

import java.util.Map;

/**
 * An event ready for a Kafka record in binary mode.
 *
 * @param topic   where the event type belongs
 * @param key     the record key ({@code AtelierEvent.partitionKey()})
 * @param headers {@code ce_*} attributes and {@code content-type}
 * @param data    JSON data, valid against the type's schema
 */
public record EncodedEvent(String topic, String key, Map<String, String> headers, byte[] data) {

    public EncodedEvent {
        headers = Map.copyOf(headers);
    }

    public String id() {
        return headers.get(CloudEventHeaders.ID);
    }
}
