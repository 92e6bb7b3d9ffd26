package io.atelier.load.sweep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceRssTest {

    @TempDir
    Path services;

    @Test
    void parsesVmRss() {
        assertThat(ServiceRss.vmRssKib(List.of("Name:\tjava", "VmPeak:\t  9000 kB", "VmRSS:\t  123456 kB")))
                .contains(123456L);
        assertThat(ServiceRss.vmRssKib(List.of("Name:\tkthreadd"))).isEmpty();
    }

    @Test
    void readsTheProcessNamedByThePidFile() throws Exception {
        Files.writeString(services.resolve("ingest.pid"), ProcessHandle.current().pid() + "\n");
        Files.writeString(services.resolve("trainer.pid"), "999999999");
        try (ServiceRss rss = new ServiceRss(services)) {
            rss.close();
            assertThat(rss.peakMib().get("ingest")).isPositive();
            assertThat(rss.peakMib().get("trainer")).as("no such process").isNull();
            assertThat(rss.peakMib().get("inference")).as("no pid file").isNull();
        }
    }
}
