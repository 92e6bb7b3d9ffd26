package io.atelier.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadSettingsTest {

    @Test
    void optionsOverDefaultsAndBackThroughSystemProperties() {
        LoadSettings s = LoadSettings.fromArgs(List.of("--rate", "2", "--duration", "30s", "--size", "256,1024",
                "--url", "http://127.0.0.1:28080/", "--api-keys", "a,b", "--out", "x"));
        assertThat(s.rate()).isEqualTo(2);
        assertThat(s.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.sizes()).containsExactly(256, 1024);
        assertThat(s.url().toString()).isEqualTo("http://127.0.0.1:28080");
        assertThat(s.apiKeys()).containsExactly("a", "b");
        assertThat(s.style()).isEqualTo("starry-night");
        // 5 s ramp from 0.1 to 2 (4.75 jobs) and 30 s at 2
        assertThat(s.plannedJobs()).isEqualTo(65);

        s.toProperties().forEach(System::setProperty);
        try {
            assertThat(LoadSettings.fromSystemProperties()).isEqualTo(s);
        } finally {
            s.toProperties().keySet().forEach(System::clearProperty);
        }
    }

    @Test
    void usersChooseTheClosedModel() {
        LoadSettings s = LoadSettings.fromArgs(List.of("--users", "8", "--duration", "60s", "--out", "x"));
        assertThat(s.openModel()).isFalse();
        assertThat(s.users()).isEqualTo(8);
        assertThat(LoadCli.arrivals(s)).contains("8 users").contains("closed model");
        assertThat(LoadSettings.fromArgs(List.of()).openModel()).isTrue();

        s.toProperties().forEach(System::setProperty);
        try {
            assertThat(LoadSettings.fromSystemProperties()).isEqualTo(s);
        } finally {
            s.toProperties().keySet().forEach(System::clearProperty);
        }
        assertThatThrownBy(() -> LoadCli.settings(List.of("--users", "8"), "kafka"))
                .hasMessageContaining("HTTP scenario only");
    }

    @Test
    void durations() {
        assertThat(LoadSettings.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(LoadSettings.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(LoadSettings.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(LoadSettings.parseDuration("10")).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> LoadSettings.parseDuration("soon")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void runsAreBounded() {
        assertThatThrownBy(() -> LoadSettings.fromArgs(List.of("--rate", "500")))
                .hasMessageContaining("at most 200");
        assertThatThrownBy(() -> LoadSettings.fromArgs(List.of("--duration", "11m")))
                .hasMessageContaining("at most");
        assertThatThrownBy(() -> LoadSettings.fromArgs(List.of("--users", "201")))
                .hasMessageContaining("between 0 (open model) and 200");
        assertThatThrownBy(() -> LoadSettings.fromArgs(List.of("--rps", "1")))
                .hasMessageContaining("unknown option --rps");
        assertThatThrownBy(() -> LoadSettings.fromArgs(List.of("--input", "carrier-pigeon")))
                .hasMessageContaining("inline or claim-check");
        assertThat(LoadSettings.fromArgs(List.of("--size", "6800")).sizes()).containsExactly(6800);
        assertThatThrownBy(() -> LoadSettings.fromArgs(List.of("--size", "8193")))
                .hasMessageContaining("between 16 and 8192 px");
    }

    @Test
    void onlyLoopbackUnlessAllowed() {
        LoadSettings s = LoadSettings.fromArgs(List.of());
        s.requireLoopback("ATELIER_URL", "127.0.0.1");
        s.requireLoopback("ATELIER_URL", "localhost");
        assertThatThrownBy(() -> s.requireLoopback("ATELIER_URL", "10.1.2.3"))
                .hasMessageContaining("not a loopback address");
        LoadSettings.fromArgs(List.of("--allow-remote")).requireLoopback("ATELIER_URL", "10.1.2.3");
    }
}
