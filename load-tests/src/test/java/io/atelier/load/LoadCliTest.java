package io.atelier.load;

import io.atelier.load.report.RunRecorder;
import io.atelier.load.report.RunSummary;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.atelier.load.http.HttpJobsSimulation.ACCEPTED;
import static io.atelier.load.http.HttpJobsSimulation.E2E_STORED;
import static io.atelier.load.http.HttpJobsSimulation.FAILED;
import static io.atelier.load.http.HttpJobsSimulation.OTHER;
import static io.atelier.load.http.HttpJobsSimulation.RATE_LIMITED;
import static io.atelier.load.http.HttpJobsSimulation.SENT;
import static io.atelier.load.http.HttpJobsSimulation.SUCCEEDED;
import static io.atelier.load.http.HttpJobsSimulation.UNAVAILABLE;
import static org.assertj.core.api.Assertions.assertThat;

class LoadCliTest {

    @Test
    void refusalsPastTheLimitsAreNotAFailure() {
        assertThat(LoadCli.keptPromises(run(Map.of(SENT, 5, ACCEPTED, 2, RATE_LIMITED, 2, UNAVAILABLE, 1,
                SUCCEEDED, 2)))).isTrue();
    }

    @Test
    void anAcceptedJobThatDidNotSucceedIs() {
        assertThat(LoadCli.keptPromises(run(Map.of(SENT, 3, ACCEPTED, 3, SUCCEEDED, 2, FAILED, 1)))).isFalse();
    }

    @Test
    void anUndocumentedAnswerIs() {
        assertThat(LoadCli.keptPromises(run(Map.of(SENT, 3, ACCEPTED, 2, OTHER, 1, SUCCEEDED, 2)))).isFalse();
    }

    @Test
    void aRunGatlingDidNotFinishIs() {
        assertThat(LoadCli.keptPromises(null)).isFalse();
    }

    private static RunSummary run(Map<String, Integer> counts) {
        RunRecorder run = new RunRecorder(List.of(SENT, ACCEPTED, RATE_LIMITED, UNAVAILABLE, OTHER, SUCCEEDED, FAILED),
                List.of(E2E_STORED));
        counts.forEach((name, n) -> {
            for (int i = 0; i < n; i++) {
                run.count(name);
            }
        });
        return RunSummary.of(run, "test", "test", Map.of(), SENT, ACCEPTED, SUCCEEDED, E2E_STORED, List.of());
    }
}
