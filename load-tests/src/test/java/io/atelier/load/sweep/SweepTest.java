package io.atelier.load.sweep;

import io.atelier.load.report.RunRecorder;
import io.atelier.load.report.RunSummary;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.atelier.load.report.SummaryWriterTest.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SweepTest {

    /** A step at {@code rate}: 20 jobs, each with the given latency; {@code rejected} of them 429. */
    static Sweep.Step step(String phase, double rate, long latencyMs, int done, int rejected) {
        RunRecorder run = new RunRecorder(List.of("sent", "202", "429 rate limited", "503 unavailable", "done"),
                List.of("e2e"));
        for (int i = 0; i < 20; i++) {
            run.count("sent");
            run.sent(i * 100L);
            if (i < rejected) {
                run.count("429 rate limited");
            } else {
                run.count("202");
            }
            if (i < done) {
                run.count("done");
                run.latency("e2e").record(i * 100L + latencyMs, latencyMs * 1000);
            }
        }
        RunSummary summary = RunSummary.of(run, "step", "cmd", Map.of(), "sent", "202", "done", "e2e", List.of());
        return new Sweep.Step(phase, rate, summary, Map.of("ingest", 300L));
    }

    @Test
    void refusesOptionsThatAreNotAnArrivalRate() {
        assertThatThrownBy(() -> Sweep.main(List.of("--users", "8"))).hasMessageContaining("open model");
        assertThatThrownBy(() -> Sweep.main(List.of("--rate", "2"))).hasMessageContaining("chooses --rate");
    }

    @Test
    void boundedMeansLowP99AllDoneAndNothingRefused() {
        assertThat(Sweep.bounded(step("t", 1, 1000, 20, 0), 4000)).isTrue();
        assertThat(Sweep.bounded(step("t", 1, 5000, 20, 0), 4000)).as("p99 over the bound").isFalse();
        assertThat(Sweep.bounded(step("t", 1, 1000, 15, 0), 4000)).as("a quarter not done").isFalse();
        assertThat(Sweep.bounded(step("t", 1, 1000, 20, 1), 4000)).as("one 429").isFalse();
    }

    @Test
    void findsTheKneeThenRunsTheFractions() throws Exception {
        // the fleet keeps up to 3 jobs/s; beyond that latency grows without bound
        List<Double> rates = new ArrayList<>();
        Sweep.Result result = Sweep.sweep((phase, rate) -> {
            rates.add(rate);
            return step(phase, rate, rate <= 3 ? 1000 : 60_000, 20, 0);
        }, 0.5, 16, 4, 1);

        assertThat(result.p99BoundMs()).isBetween(4000.0, 4010.0);
        // doubling 0.5, 1, 2, 4 (too much), bisection 3 (bounded), then 50/70/90/120 % of 3
        assertThat(rates).containsExactly(0.5, 1.0, 2.0, 4.0, 3.0, 1.5, 2.1, 2.7, 3.6);
        assertThat(result.highestBounded()).isEqualTo(3.0);
        assertThat(result.reachedMaxRate()).isFalse();
        assertThat(result.steps()).extracting(Sweep.Step::phase)
                .containsExactly("search", "search", "search", "search", "refine", "50 %", "70 %", "90 %", "120 %");

        String md = Sweep.markdown(result, "./atelier load sweep --step 10s");
        assertThat(md).contains("**3.00 jobs/s**").contains("| 120 % | 3.60 |").contains("| 300 | - | - |");
    }

    @Test
    void theChartShowsThroughputRefusalsAndPercentilesAgainstTheRate() throws Exception {
        Sweep.Result result = Sweep.sweep((phase, rate) -> step(phase, rate, rate <= 3 ? 1000 : 60_000, 20,
                rate > 3 ? 5 : 0), 0.5, 16, 4, 1);
        BufferedImage image = SweepChart.draw(result);
        assertThat(count(image, SweepChart.COMPLETED.getRGB() & 0xffffff, 40, 255)).as("completed line").isGreaterThan(100);
        assertThat(count(image, SweepChart.REFUSED.getRGB() & 0xffffff, 40, 255)).as("refused line").isGreaterThan(20);
        assertThat(count(image, SweepChart.P99.getRGB() & 0xffffff, 320, 545)).as("p99 line").isGreaterThan(100);
        assertThat(SweepChart.refusedPerSecond(result.steps().get(3))).as("4 jobs/s, a quarter refused")
                .isEqualTo(1.0);
        assertThat(Sweep.markdown(result, "cmd")).contains("](sweep.png)");
    }

    @Test
    void stopsAtTheMaximumRate() throws Exception {
        List<Double> rates = new ArrayList<>();
        Sweep.Result result = Sweep.sweep((phase, rate) -> {
            rates.add(rate);
            return step(phase, rate, 1000, 20, 0);
        }, 1, 4, 4, 1);
        assertThat(rates).containsExactly(1.0, 2.0, 4.0, 2.0, 2.8, 3.6, 4.8);
        assertThat(result.highestBounded()).isEqualTo(4.0);
        assertThat(result.reachedMaxRate()).isTrue();
        assertThat(Sweep.markdown(result, "cmd")).contains("stopped at --max-rate");
    }

    @Test
    void nothingBoundedRunsNoFractions() throws Exception {
        Sweep.Result result = Sweep.sweep((phase, rate) -> step(phase, rate, 1000, 10, 0), 1, 4, 4, 1);
        assertThat(result.steps()).hasSize(1);
        assertThat(result.highestBounded()).isZero();
    }
}
