package io.atelier.inference.bench;

import io.atelier.infra.local.KafkaBroker;
import io.atelier.infra.local.S3Server;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time (user and system, every thread) of the benchmark's JVM and of the processes it started (the
 * Kafka broker, the S3 server, i.e. the stack's default S3Proxy, and the worker), by role: on two
 * shared cores the service path's rate is bounded by all of it, not only by the worker's own threads.
 * A process that exits between two snapshots drops out of the second: the benchmark's processes live
 * through its runs.
 */
final class StackCpu {

    /** This JVM: the producer and the results consumer, or the plain loop while it runs. */
    static final String CLIENT = "benchmark client";
    static final List<String> ROLES = List.of("worker", "Kafka broker", "S3 server", CLIENT);

    private StackCpu() {
    }

    /** CPU time so far of each role; other processes (not part of the stack) are left out. */
    static Map<String, Duration> snapshot() {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        ROLES.forEach(role -> cpu.put(role, Duration.ZERO));
        Stream.concat(Stream.of(ProcessHandle.current()), ProcessHandle.current().descendants()).forEach(process -> {
            String role = role(process);
            if (role != null) {
                process.info().totalCpuDuration().ifPresent(time -> cpu.merge(role, time, Duration::plus));
            }
        });
        return cpu;
    }

    /** Milliseconds of CPU per item of each role between two snapshots. */
    static Map<String, Double> perItem(Map<String, Duration> before, Map<String, Duration> after, int items) {
        Map<String, Double> perItem = new LinkedHashMap<>();
        after.forEach((role, time) -> perItem.put(role,
                time.minus(before.getOrDefault(role, Duration.ZERO)).toNanos() / 1e6 / items));
        return perItem;
    }

    /** The process's role, or null for one that is none of them. */
    private static String role(ProcessHandle process) {
        if (process.pid() == ProcessHandle.current().pid()) {
            return CLIENT;
        }
        String command = process.info().commandLine().orElse("");
        if (command.contains(KafkaBroker.MARKER)) {
            return "Kafka broker";
        }
        if (command.contains(S3Server.S3PROXY_MARKER)) {
            return "S3 server";
        }
        if (command.contains("quarkus-run.jar")) {
            return "worker";
        }
        return null;
    }
}
