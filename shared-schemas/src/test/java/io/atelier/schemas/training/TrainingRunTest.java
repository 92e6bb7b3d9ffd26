package io.atelier.schemas.training;

import io.atelier.schemas.json.EventJson;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrainingRunTest {

    private final TrainingRun queued = new TrainingRun("run-1", "starry", TrainingState.QUEUED, null, 0, 600, null,
            Map.of(), null, null, 0, Instant.parse("2026-11-29T10:00:00Z"));

    @Test
    void adoptionsCountUntilTheStepAdvances() {
        TrainingRun twice = queued.adopted().adopted();
        assertThat(twice.adoptions()).isEqualTo(2);
        assertThat(twice.updatedAt()).isAfter(queued.updatedAt());

        assertThat(twice.with(TrainingState.RUNNING, 0, null, Map.of(), null, null).adoptions())
                .as("started again at the same step").isEqualTo(2);
        assertThat(twice.touched().adoptions()).isEqualTo(2);
        assertThat(twice.with(TrainingState.RUNNING, 100, "runs/run-1/checkpoints/100/", Map.of(), null, null)
                .adoptions()).as("a new checkpoint").isZero();
    }

    @Test
    void aRecordWrittenBeforeAdoptionsWereCountedReadsAsNeverAdopted() throws Exception {
        TrainingRun old = EventJson.mapper().readValue("""
                {"runId":"run-1","style":"starry","state":"RUNNING","step":100,"totalSteps":600,
                 "losses":{},"updatedAt":"2026-11-29T10:00:00Z"}""", TrainingRun.class);
        assertThat(old.adoptions()).isZero();
        assertThat(old.step()).isEqualTo(100);
    }

    @Test
    void aRecordFromANewerTrainerWithMoreFieldsStillReads() throws Exception {
        TrainingRun newer = EventJson.mapper().readValue("""
                {"runId":"run-1","style":"starry","state":"QUEUED","step":0,"totalSteps":600,"adoptions":1,
                 "losses":{},"priority":"high","updatedAt":"2026-11-29T10:00:00Z"}""", TrainingRun.class);
        assertThat(newer.adoptions()).isEqualTo(1);
    }
}
