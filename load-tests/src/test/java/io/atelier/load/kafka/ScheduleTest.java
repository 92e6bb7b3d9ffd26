package io.atelier.load.kafka;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ScheduleTest {

    @Test
    void aConstantRateIsEvenlySpaced() {
        Schedule s = new Schedule(0, 2, Duration.ZERO, Duration.ofSeconds(10));
        assertThat(s.count()).isEqualTo(20);
        for (int i = 0; i < 20; i++) {
            assertThat(s.offsetNanos(i)).isEqualTo(i * 500_000_000L);
        }
        assertThatThrownBy(() -> s.offsetNanos(20)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aRampSendsAsManyJobsAsTheAreaUnderTheRate() {
        // 0 -> 10 jobs/s over 10 s (50 jobs), then 10 jobs/s for 2 s (20 more)
        Schedule s = new Schedule(0, 10, Duration.ofSeconds(10), Duration.ofSeconds(2));
        assertThat(s.count()).isEqualTo(70);
        // jobs due by t are t^2 / 2 during the ramp: job 8 is due at 4 s, job 32 at 8 s
        assertThat(s.offsetNanos(8) / 1e9).isCloseTo(4.0, within(1e-6));
        assertThat(s.offsetNanos(32) / 1e9).isCloseTo(8.0, within(1e-6));
        assertThat(s.offsetNanos(50) / 1e9).isCloseTo(10.0, within(1e-6));
        assertThat(s.offsetNanos(69) / 1e9).isCloseTo(11.9, within(1e-6));
        for (int i = 1; i < 70; i++) {
            assertThat(s.offsetNanos(i)).isGreaterThan(s.offsetNanos(i - 1));
        }
    }

    @Test
    void aFlatRampIsAConstantRate() {
        Schedule s = new Schedule(4, 4, Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(s.count()).isEqualTo(8);
        assertThat(s.offsetNanos(3)).isEqualTo(750_000_000L);
        assertThat(s.offsetNanos(5)).isEqualTo(1_250_000_000L);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new Schedule(0, 0, Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
