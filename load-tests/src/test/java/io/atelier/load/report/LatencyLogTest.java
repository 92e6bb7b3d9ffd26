package io.atelier.load.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencyLogTest {

    @Test
    void percentilesOfAUniformDistribution() {
        LatencyLog log = new LatencyLog();
        for (int ms = 1; ms <= 1000; ms++) {
            log.record(ms, ms * 1000L);
        }
        Stats stats = log.stats();
        assertThat(stats.count()).isEqualTo(1000);
        // HdrHistogram with 3 significant digits: within 0.1 %
        assertThat(stats.p50()).isCloseTo(500, within(0.5));
        assertThat(stats.p95()).isCloseTo(950, within(1.0));
        assertThat(stats.p99()).isCloseTo(990, within(1.0));
        assertThat(stats.max()).isCloseTo(1000, within(1.0));
        assertThat(stats.mean()).isCloseTo(500.5, within(0.5));
    }

    @Test
    void aSingleSlowOutlierShowsInTheTailOnly() {
        LatencyLog log = new LatencyLog();
        for (int i = 0; i < 999; i++) {
            log.record(i, 10_000);
        }
        log.record(999, 5_000_000);
        Stats stats = log.stats();
        assertThat(stats.p50()).isCloseTo(10, within(0.01));
        assertThat(stats.p99()).isCloseTo(10, within(0.01));
        assertThat(stats.max()).isCloseTo(5000, within(5.0));
    }

    @Test
    void windowsTakeOnlyTheirSamples() {
        LatencyLog log = new LatencyLog();
        log.record(500, 100_000);
        log.record(1500, 200_000);
        log.record(1999, 300_000);
        log.record(2000, 400_000);
        Stats second = log.statsBetween(1000, 2000);
        assertThat(second.count()).isEqualTo(2);
        assertThat(second.max()).isCloseTo(300, within(0.5));
        assertThat(log.statsBetween(3000, 4000)).isEqualTo(Stats.EMPTY);
        assertThat(log.lastMillis()).isEqualTo(2000);
    }

    @Test
    void valuesBeyondTheRangeAreClampedNotLost() {
        LatencyLog log = new LatencyLog();
        log.record(0, Long.MAX_VALUE);
        log.record(0, -5);
        assertThat(log.stats().count()).isEqualTo(2);
        assertThat(log.stats().max()).isCloseTo(3_600_000, within(3_600.0));
    }
}
