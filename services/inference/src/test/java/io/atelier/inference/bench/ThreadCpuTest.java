package io.atelier.inference.bench;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The bench's thread table is only as good as its reading of {@code /proc} and its grouping by name. */
class ThreadCpuTest {

    @Test
    void aBusyThreadCountsUnderTheGroupItsNameNames() throws Exception {
        long pid = ProcessHandle.current().pid();
        Map<String, ThreadCpu.ThreadTime> before = ThreadCpu.snapshot(pid);
        CountDownLatch spun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread busy = new Thread(() -> {
            long end = System.nanoTime() + 1_500_000_000L;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            spun.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "inference-io-99");
        busy.start();
        assertThat(spun.await(30, TimeUnit.SECONDS)).isTrue();
        Map<String, Double> ms;
        try {
            ms = ThreadCpu.perItem(before, ThreadCpu.snapshot(pid), 1);
        } finally {
            release.countDown();
            busy.join();
        }

        assertThat(ms).containsOnlyKeys(ThreadCpu.GROUPS);
        assertThat(ms.get("I/O pool")).as("ms of the busy thread").isGreaterThan(1000);
        assertThat(ms.get(ThreadCpu.MODEL)).isLessThan(500);
    }

    @Test
    void threadsAreGroupedByTheirTruncatedNames() {
        assertThat(ThreadCpu.group("executor-thread")).isEqualTo(ThreadCpu.MODEL);
        assertThat(ThreadCpu.group("kafka-producer-")).isEqualTo("Kafka clients");
        assertThat(ThreadCpu.group("G1 Conc#0")).isEqualTo("GC");
        assertThat(ThreadCpu.group("C2 CompilerThre")).isEqualTo("JIT");
        assertThat(ThreadCpu.group("vert.x-eventloo")).isEqualTo("other");
    }
}
