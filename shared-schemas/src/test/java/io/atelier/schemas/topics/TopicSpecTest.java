package io.atelier.schemas.topics;

import io.atelier.schemas.events.EventType;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class TopicSpecTest {

    private final TopicSpec spec = TopicSpec.load();
    private final Map<String, TopicSpec.Topic> byName = spec.topics().stream()
            .collect(Collectors.toMap(TopicSpec.Topic::name, Function.identity()));

    @Test
    void specListsExactlyTheTopicConstants() throws Exception {
        Set<String> constants = Arrays.stream(Topics.class.getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .map(TopicSpecTest::value)
                .collect(Collectors.toSet());

        assertThat(byName.keySet()).isEqualTo(constants);
    }

    @Test
    void everyEventTypeHasATopicInTheSpec() {
        for (EventType type : EventType.values()) {
            assertThat(byName).containsKey(type.topic());
        }
    }

    @Test
    void deadLetterTopicsPointAtExistingTopicsAndKeepRetention() {
        assertThat(byName.get(Topics.STYLE_JOBS_DLQ).deadLetterOf()).isEqualTo(Topics.STYLE_JOBS);
        assertThat(byName.get(Topics.TRAINING_REQUESTS_DLQ).deadLetterOf()).isEqualTo(Topics.TRAINING_REQUESTS);
        for (TopicSpec.Topic topic : spec.topics()) {
            assertThat(topic.partitions()).as(topic.name()).isPositive();
            assertThat(topic.partitionKey()).as(topic.name()).isNotBlank();
            assertThat(topic.config()).as(topic.name()).containsKeys("retention.ms", "cleanup.policy");
            if (topic.deadLetterOf() != null) {
                assertThat(byName).containsKey(topic.deadLetterOf());
            }
        }
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }
}
