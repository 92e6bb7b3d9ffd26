package io.atelier.trainer.messaging;

import io.atelier.common.storage.ObjectStore;
import io.atelier.infra.local.Ports;
import io.atelier.infra.local.StackEndpoints;
import io.atelier.schemas.events.TrainingRequested;
import io.atelier.schemas.models.CurrentModel;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.atelier.schemas.training.TrainingRun;
import io.atelier.schemas.training.TrainingState;
import io.atelier.testsupport.AtelierStackResource;
import io.atelier.trainer.storage.RunStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trainer's events cannot reach a broker (its requests still come from the real one): the run trains
 * and publishes its model, which becomes current, and then waits RUNNING, neither failed nor ended,
 * while its announcement waits for the broker, its record rewritten every heartbeat so that no other
 * replica adopts it. Before, the first progress event failed the run, an
 * announcement that failed turned a SUCCEEDED run into a FAILED one, and a run recorded SUCCEEDED
 * before its announcement lost the announcement if the trainer stopped in between.
 */
@QuarkusTest
@QuarkusTestResource(AtelierStackResource.class)
@TestProfile(EventBrokerOutageTest.EventsUnreachable.class)
class EventBrokerOutageTest {

    /** The progress and model channels point at a loopback port where nothing listens, and give up fast. */
    public static class EventsUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>();
            String nowhere = "127.0.0.1:" + Ports.freePort();
            for (String channel : new String[]{Channels.TRAINING_EVENTS, Channels.MODELS}) {
                String prefix = "mp.messaging.outgoing." + channel + ".";
                overrides.put(prefix + "bootstrap.servers", nowhere);
                overrides.put(prefix + "max.block.ms", "1000");
                overrides.put(prefix + "request.timeout.ms", "1000");
                overrides.put(prefix + "delivery.timeout.ms", "2000");
            }
            overrides.put("atelier.trainer.heartbeat", "1s");
            return overrides;
        }
    }

    @Inject
    ObjectStore store;

    @Inject
    RunStore runs;

    StackEndpoints stack;

    @Test
    void aRunWhoseEventsCannotBeSentPublishesItsModelAndWaitsToAnnounceIt() throws Exception {
        String style = "test-no-events-" + Long.toHexString(System.nanoTime());
        TrainingRequested request = TrainingFlowTest.request(store, style);
        try (TrainingFlowTest.Topics2 topics = new TrainingFlowTest.Topics2(stack)) {
            topics.send(request);
        }

        awaitCurrent(style, Duration.ofMinutes(3));
        TrainingRun waiting = runs.find(request.runId()).orElseThrow();
        // the announcement is being retried; the run must neither fail nor end without it, and stays held
        Thread.sleep(5000);
        TrainingRun run = runs.find(request.runId()).orElseThrow();
        assertThat(run.state()).as("run state (failure: %s)", run.failure()).isEqualTo(TrainingState.RUNNING);
        assertThat(run.updatedAt()).as("the record's heartbeat while the announcement waits")
                .isAfter(waiting.updatedAt());
        assertThat(store.getJson(Bucket.MODELS, ObjectKeys.currentModelPointer(style), CurrentModel.class)
                .orElseThrow().version()).isEqualTo("v1");
    }

    private void awaitCurrent(String style, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (store.exists(Bucket.MODELS, ObjectKeys.currentModelPointer(style))) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no version of " + style + " became current within " + timeout);
    }
}
