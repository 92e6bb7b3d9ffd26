package io.atelier.schemas.cloudevents;

import io.atelier.schemas.events.AtelierEvent;
import io.atelier.schemas.events.EventType;
import io.atelier.schemas.json.EventSchemas;
import io.atelier.schemas.json.InvalidEventException;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns events into CloudEvents 1.0 binary-mode parts and back, checking both the attributes and the
 * data, so that records from any producer are judged by the published contract alone.
 */
public final class CloudEventCodec {

    private final String source;
    private final Clock clock;

    /**
     * @param source CloudEvents {@code source} of this producer, for example {@code /atelier/ingest}
     */
    public CloudEventCodec(String source) {
        this(source, Clock.systemUTC());
    }

    public CloudEventCodec(String source, Clock clock) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("a CloudEvents source is required");
        }
        this.source = source;
        this.clock = clock;
    }

    public EncodedEvent encode(AtelierEvent event) {
        EventType type = EventType.of(event);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        headers.put(CloudEventHeaders.ID, UUID.randomUUID().toString());
        headers.put(CloudEventHeaders.SOURCE, source);
        headers.put(CloudEventHeaders.TYPE, type.cloudEventType());
        headers.put(CloudEventHeaders.TIME, Instant.now(clock).toString());
        headers.put(CloudEventHeaders.SUBJECT, event.partitionKey());
        headers.put(CloudEventHeaders.DATA_SCHEMA, type.schemaId());
        headers.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return new EncodedEvent(type.topic(), event.partitionKey(), headers, EventSchemas.get().write(event));
    }

    /**
     * Reads a binary-mode event.
     *
     * @throws InvalidEventException naming every broken attribute, or the data's broken fields
     */
    public static AtelierEvent decode(Map<String, String> headers, byte[] data) throws InvalidEventException {
        List<String> problems = new ArrayList<>();
        String specVersion = headers.get(CloudEventHeaders.SPEC_VERSION);
        if (!CloudEventHeaders.SPEC_VERSION_1_0.equals(specVersion)) {
            problems.add(CloudEventHeaders.SPEC_VERSION + " must be 1.0, was " + specVersion);
        }
        requirePresent(headers, CloudEventHeaders.ID, problems);
        requirePresent(headers, CloudEventHeaders.SOURCE, problems);
        String time = headers.get(CloudEventHeaders.TIME);
        if (time != null) {
            try {
                Instant.parse(time);
            } catch (DateTimeParseException e) {
                problems.add(CloudEventHeaders.TIME + " is not an RFC 3339 timestamp: " + time);
            }
        }
        String contentType = headers.get(CloudEventHeaders.CONTENT_TYPE);
        if (contentType != null && !contentType.startsWith(CloudEventHeaders.JSON)) {
            problems.add(CloudEventHeaders.CONTENT_TYPE + " must be application/json, was " + contentType);
        }
        String typeName = headers.get(CloudEventHeaders.TYPE);
        EventType type = typeName == null ? null : EventType.ofCloudEventType(typeName).orElse(null);
        if (type == null) {
            problems.add(CloudEventHeaders.TYPE + " is not an Atelier event type: " + typeName);
        }
        if (!problems.isEmpty()) {
            throw new InvalidEventException(problems);
        }
        if (data == null) {
            throw new InvalidEventException(List.of("the record has no value (event data)"));
        }
        return EventSchemas.get().read(type, data);
    }

    /** Like {@link #decode(Map, byte[])}, insisting on one event type. */
    public static <E extends AtelierEvent> E decode(Map<String, String> headers, byte[] data, Class<E> expected)
            throws InvalidEventException {
        AtelierEvent event = decode(headers, data);
        if (!expected.isInstance(event)) {
            throw new InvalidEventException(List.of(CloudEventHeaders.TYPE + " " + headers.get(CloudEventHeaders.TYPE)
                    + " is not accepted here; expected " + EventType.ofRecord(expected).cloudEventType()));
        }
        return expected.cast(event);
    }

    private static void requirePresent(Map<String, String> headers, String name, List<String> problems) {
        String value = headers.get(name);
        if (value == null || value.isBlank()) {
            problems.add(name + " is missing");
        }
    }
}
