package io.atelier.load.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Resident memory of the local fleet's services: {@code VmRSS} from {@code /proc/<pid>/status} of the
 * pids in {@code <ATELIER_HOME>/services/*.pid}, sampled every second while a step runs; the
 * highest sample counts.
 */
public final class ServiceRss implements AutoCloseable {

    static final List<String> SERVICES = List.of("ingest", "trainer", "inference");

    private final Path servicesFolder;
    private final Map<String, Long> peakKib = new ConcurrentHashMap<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread sampler;

    /** Starts sampling. */
    public ServiceRss(Path servicesFolder) {
        this.servicesFolder = servicesFolder;
        this.sampler = new Thread(this::sample, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        while (!stop.get()) {
            for (String service : SERVICES) {
                rssKib(servicesFolder, service).ifPresent(kib -> peakKib.merge(service, kib, Math::max));
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The highest RSS of each service seen so far, in MiB; absent for one that was not running. */
    public Map<String, Long> peakMib() {
        Map<String, Long> mib = new LinkedHashMap<>();
        for (String service : SERVICES) {
            Long kib = peakKib.get(service);
            mib.put(service, kib == null ? null : kib / 1024);
        }
        return mib;
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        sampler.interrupt();
        sampler.join(2000);
        // one last sample, so that a step shorter than a second still has one
        for (String service : SERVICES) {
            rssKib(servicesFolder, service).ifPresent(kib -> peakKib.merge(service, kib, Math::max));
        }
    }

    /** The service's VmRSS in KiB, if its pid file names a live process. */
    static Optional<Long> rssKib(Path servicesFolder, String service) {
        try {
            Path pidFile = servicesFolder.resolve(service + ".pid");
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            String pid = Files.readString(pidFile).trim();
            return vmRssKib(Files.readAllLines(Path.of("/proc", pid, "status")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code VmRSS:   123456 kB} from the lines of a {@code /proc/<pid>/status} file. */
    static Optional<Long> vmRssKib(List<String> statusLines) {
        for (String line : statusLines) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring(6).trim().split("\\s+");
                return Optional.of(Long.parseLong(parts[0]));
            }
        }
        return Optional.empty();
    }
}
