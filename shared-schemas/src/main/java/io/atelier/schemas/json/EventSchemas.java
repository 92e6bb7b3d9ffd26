package io.atelier.schemas.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.atelier.schemas.events.AtelierEvent;
import io.atelier.schemas.events.EventType;

import java.io.IOException;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates event data against the JSON Schemas (draft 2020-12) shipped in this jar, then maps it to
 * the records. External producers are held to exactly the documents they can read.
 */
public final class EventSchemas {

    private static final String ID_PREFIX = "https://schemas.atelier.io/v" + EventType.CURRENT_SCHEMA_VERSION + "/";
    private static final EventSchemas INSTANCE = new EventSchemas();

    private final Map<EventType, JsonSchema> schemas = new EnumMap<>(EventType.class);
    /** Schemas of stored documents (evaluation.json, ...), by {@code $id}, loaded on first use. */
    private final Map<String, JsonSchema> documents = new ConcurrentHashMap<>();
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config;

    private EventSchemas() {
        factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaMappers(m -> m.mapPrefix(ID_PREFIX, "classpath:atelier/schemas/")));
        config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        for (EventType type : EventType.values()) {
            schemas.put(type, factory.getSchema(SchemaLocation.of(type.schemaId()), config));
        }
    }

    public static EventSchemas get() {
        return INSTANCE;
    }

    /** Problems of a document against its type's schema, each naming the field; empty when valid. */
    public List<String> problems(EventType type, JsonNode document) {
        return messages(schemas.get(type), document);
    }

    /**
     * Problems of a stored document (not an event) against the schema with the given {@code $id}, for
     * example {@code ModelEvaluation.SCHEMA_ID}; empty when valid.
     */
    public List<String> problems(String schemaId, JsonNode document) {
        if (!schemaId.startsWith(ID_PREFIX)) {
            throw new IllegalArgumentException("not an Atelier schema: " + schemaId);
        }
        return messages(documents.computeIfAbsent(schemaId, id -> factory.getSchema(SchemaLocation.of(id), config)),
                document);
    }

    private static List<String> messages(JsonSchema schema, JsonNode document) {
        return schema.validate(document).stream()
                .sorted(Comparator.comparing(ValidationMessage::getMessage))
                .map(ValidationMessage::getMessage)
                .toList();
    }

    /** Parses, validates and maps event data of the given type. */
    public AtelierEvent read(EventType type, byte[] data) throws InvalidEventException {
        JsonNode document;
        try {
            document = EventJson.mapper().readTree(data);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("data is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidEventException("data cannot be read: " + e.getMessage(), e);
        }
        if (document == null || document.isMissingNode()) {
            throw new InvalidEventException(List.of("data is empty"));
        }
        List<String> problems = problems(type, document);
        if (!problems.isEmpty()) {
            throw new InvalidEventException(problems);
        }
        try {
            return EventJson.mapper().treeToValue(document, type.recordClass());
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("data does not map to " + type.recordClass().getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Serialises an event; fails if the result would break its own schema (a bug, never user input). */
    public byte[] write(AtelierEvent event) {
        EventType type = EventType.of(event);
        JsonNode document = EventJson.mapper().valueToTree(event);
        List<String> problems = problems(type, document);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(type + " breaks its schema: " + String.join("; ", problems));
        }
        try {
            return EventJson.mapper().writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + type, e);
        }
    }
}
