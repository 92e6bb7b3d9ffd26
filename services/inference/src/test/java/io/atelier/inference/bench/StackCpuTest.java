package io.atelier.inference.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's CPU table is only as good as its attribution of child processes to roles. */
class StackCpuTest {

    @Test
    void aBusyChildCountsUnderTheRoleItsCommandLineNames() throws Exception {
        Map<String, Duration> before = StackCpu.snapshot();
        // bash takes the argument after the script as $0: it is there only to be seen in the command line
        Process busy = new ProcessBuilder("bash", "-c", "end=$((SECONDS + 4)); while ((SECONDS < end)); do :; done",
                "target/quarkus-app/quarkus-run.jar").start();
        try {
            Thread.sleep(2000);
            Map<String, Double> cpu = StackCpu.perItem(before, StackCpu.snapshot(), 1);
            assertThat(cpu).containsOnlyKeys(StackCpu.ROLES);
            assertThat(cpu.get("worker")).as("ms of the busy loop, counted as the worker").isGreaterThan(700);
            // the suite's own broker and S3 server, when a test started them, are children too, but idle
            assertThat(cpu.get("Kafka broker")).isLessThan(700);
            assertThat(cpu.get("S3 server")).isLessThan(700);
        } finally {
            busy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
