package io.atelier.infra.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InitScriptsTest {

    @Test
    void committedComposeInitScriptsMatchTheContract() throws Exception {
        Path root = Path.of("../..").toAbsolutePath().normalize();
        for (Map.Entry<String, String> script : InitScripts.render().entrySet()) {
            Path committed = root.resolve(script.getKey());
            assertThat(committed).as("run ./atelier generate to write it").exists();
            assertThat(Files.readString(committed)).as(script.getKey() + " is stale; run ./atelier generate")
                    .isEqualTo(script.getValue());
        }
    }

    @Test
    void topicScriptCreatesEveryTopicWithItsSettings() {
        String script = InitScripts.render().get(InitScripts.TOPICS_SCRIPT);
        assertThat(script).contains("--topic atelier.style-jobs --partitions 12")
                .contains("--topic atelier.style-jobs.dlq --partitions 3")
                .contains("--config retention.ms=2592000000");
    }
}
