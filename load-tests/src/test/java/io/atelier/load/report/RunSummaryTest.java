package io.atelier.load.report;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RunSummaryTest {

    /** 2 jobs/s for 10 s; each completes 400 or 600 ms (in turn) after it was sent, but the last 4 take 3 s. */
    static RunRecorder syntheticRun() {
        RunRecorder run = new RunRecorder(0, 1_700_000_000_000L, List.of("sent", "accepted", "done", "429"),
                List.of("e2e"));
        for (int i = 0; i < 20; i++) {
            long sentAt = i * 500L;
            run.count("sent");
            run.sent(sentAt);
            run.count("accepted");
            long latency = i >= 16 ? 3000 : i % 2 == 0 ? 400 : 600;
            run.count("done");
            run.latency("e2e").record(sentAt + latency, latency * 1000);
        }
        return run;
    }

    @Test
    void ratesCountsAndPercentiles() {
        RunSummary s = RunSummary.of(syntheticRun(), "synthetic", "cmd", Map.of("k", "v"), "sent", "accepted",
                "done", "e2e", List.of());
        assertThat(s.sent()).isEqualTo(20);
        assertThat(s.completed()).isEqualTo(20);
        // 20 sends, 19 intervals over 9.5 s; completions end at 9.5 + 3 s
        assertThat(s.rates().get("offered (sent/s)")).isCloseTo(2.0, within(1e-9));
        assertThat(s.rates().get("accepted/s")).isCloseTo(2.0, within(1e-9));
        assertThat(s.throughput()).isCloseTo(20 / 12.5, within(1e-9));
        // 8 x 400, 8 x 600, 4 x 3000: the 10th of 20 is 600
        assertThat(s.latencies().get("e2e").p50()).isCloseTo(600, within(0.5));
        assertThat(s.latencies().get("e2e").mean()).isCloseTo((8 * 400 + 8 * 600 + 4 * 3000) / 20.0, within(1.0));
        assertThat(s.latencies().get("e2e").p99()).isCloseTo(3000, within(3.0));
        assertThat(s.counts()).containsEntry("429", 0L).containsEntry("sent", 20L);
    }

    @Test
    void windowsCoverTheRunAndAddUp() {
        RunSummary s = RunSummary.of(syntheticRun(), "synthetic", "cmd", Map.of(), "sent", "accepted", "done", "e2e",
                List.of());
        // 12.5 s span: one-second windows, 13 of them
        assertThat(s.windows()).hasSize(13);
        assertThat(s.windows().stream().mapToLong(Window::sent).sum()).isEqualTo(20);
        assertThat(s.windows().stream().mapToLong(Window::completed).sum()).isEqualTo(20);
        Window first = s.windows().get(0);
        assertThat(first.sent()).isEqualTo(2);
        assertThat(first.completed()).isEqualTo(1); // sent at 0 ms, done at 400 ms; the one sent at 500 ms at 1100
        Window second = s.windows().get(1);
        assertThat(second.latency().p50()).isCloseTo(400, within(0.5));
        assertThat(second.latency().p99()).isCloseTo(600, within(0.5));
        Window last = s.windows().get(12);
        assertThat(last.latency().p99()).isCloseTo(3000, within(3.0));
    }

    @Test
    void longRunsUseWiderWindows() {
        assertThat(RunSummary.windowMillis(29_000)).isEqualTo(1000);
        assertThat(RunSummary.windowMillis(31_000)).isEqualTo(2000);
        assertThat(RunSummary.windowMillis(600_000)).isEqualTo(20_000);
        assertThat(RunSummary.windowMillis(0)).isEqualTo(1000);
    }
}
