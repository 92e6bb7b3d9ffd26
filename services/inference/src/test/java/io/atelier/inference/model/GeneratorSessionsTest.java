package io.atelier.inference.model;

import io.atelier.common.storage.ObjectStore;
import io.atelier.generator.GeneratorRuntime;
import io.atelier.inference.config.InferenceConfig;
import io.atelier.testsupport.AtelierStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@QuarkusTest
@QuarkusTestResource(AtelierStackResource.class)
class GeneratorSessionsTest {

    @Inject
    GeneratorSessions sessions;

    @Inject
    InferenceConfig config;

    @Inject
    ObjectStore store;

    /**
     * Loads of other versions (another thread's jobs, a preload, the readiness check) evict the session a
     * batch is running on: it stays open for that batch. Closed under it, ONNX Runtime would free the
     * memory the run is using.
     */
    @Test
    void aSessionEvictedWhileABatchRunsOnItStaysOpenUntilTheBatchEnds() throws Exception {
        List<String> styles = IntStream.rangeClosed(0, config.sessionCacheSize())
                .mapToObj(i -> "test-evicted-" + i).toList();
        for (String style : styles) {
            TestGenerators.publish(store, style, "v1", TestGenerators.channelRotation());
        }
        int side = GeneratorRuntime.PROBE_SIDE;
        FloatBuffer input = GeneratorRuntime.tensorBuffer(3 * side * side);
        FloatBuffer output = GeneratorRuntime.tensorBuffer(3 * side * side);

        LoadedGenerator first = sessions.get(styles.get(0), "v1");
        try (GeneratorSessions.InUse held = sessions.use(styles.get(0), "v1")) {
            for (String style : styles.subList(1, styles.size())) {
                sessions.get(style, "v1");
            }
            assertThat(sessions.isLoaded(styles.get(0), "v1")).as("evicted from the cache").isFalse();

            held.run(input, output, 1, side, side);
        }
        assertThatThrownBy(() -> first.run(sessions.environment(), input, output, 1, side, side))
                .as("closed once its batch ended").isInstanceOf(IllegalStateException.class);
        try (GeneratorSessions.InUse again = sessions.use(styles.get(0), "v1")) {
            again.run(input, output, 1, side, side);
        }
    }
}
