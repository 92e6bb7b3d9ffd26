package io.atelier.schemas.topics;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The checked-in topic spec ({@code atelier/topics.json}): what the local stack, docker-compose and
 * Kubernetes create.
 *
 * @param topics every topic Atelier uses
 */
@JsonIgnoreProperties("$comment")
public record TopicSpec(List<Topic> topics) {

    public static final String RESOURCE = "atelier/topics.json";

    /**
     * One topic.
     *
     * @param name         topic name, one of {@link Topics}
     * @param partitions   partition count; bounds the consumers of one group that can work at once
     * @param partitionKey the event field used as record key
     * @param deadLetterOf the topic whose failed records land here, for dead-letter topics
     * @param config       topic-level configs ({@code retention.ms}, {@code cleanup.policy}, ...)
     */
    public record Topic(String name, int partitions, String partitionKey, String deadLetterOf,
                        Map<String, String> config) {
        public Topic {
            config = config == null ? Map.of() : Map.copyOf(config);
        }
    }

    public TopicSpec {
        topics = List.copyOf(topics);
    }

    /** Reads the spec shipped in this jar. */
    public static TopicSpec load() {
        try (InputStream in = TopicSpec.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new ObjectMapper().readValue(in, TopicSpec.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
