package io.atelier.inference.bench;

import io.atelier.inference.processing.WorkerPool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time of a process's threads by what they do, from {@code /proc/<pid>/task} (Linux): the view a
 * flight recording cannot give, because ONNX Runtime's threads are native. In the worker those threads
 * take the name of the thread that created them, the Quarkus worker thread that runs a poll, so the
 * first group is the model and the poll's own orchestration together; the JIT group says whether the
 * JVM is still compiling, i.e. not yet warm. A thread that ends between two snapshots is missing from
 * the second, so its CPU since the first is not counted (the worker's pools keep theirs while busy).
 */
final class ThreadCpu {

    static final String MODEL = "poll and ONNX Runtime";
    static final String JIT = "JIT";
    static final List<String> GROUPS = List.of(MODEL, "I/O pool", "Kafka clients", "GC", JIT, "other");
    /** USER_HZ: the unit of {@code /proc} CPU times, 100 on every Linux build that matters here. */
    private static final double TICKS_PER_SECOND = 100;

    private ThreadCpu() {
    }

    /** CPU seconds so far of each thread of the process, by thread id; empty where there is no procfs. */
    static Map<String, ThreadTime> snapshot(long pid) {
        Map<String, ThreadTime> threads = new HashMap<>();
        Path tasks = Path.of("/proc/" + pid + "/task");
        if (!Files.isDirectory(tasks)) {
            return threads;
        }
        try (Stream<Path> list = Files.list(tasks)) {
            list.forEach(task -> read(task).ifPresent(thread -> threads.put(task.getFileName().toString(), thread)));
        } catch (IOException e) {
            // the process ended: nothing more to count
        }
        return threads;
    }

    /** One thread's name and CPU seconds. */
    record ThreadTime(String name, double cpuSeconds) {
    }

    private static Optional<ThreadTime> read(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            // "tid (comm) state ..." with comm in parentheses and possibly spaced; utime and stime are fields 14, 15
            String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return Optional.of(new ThreadTime(comm, ticks / TICKS_PER_SECOND));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Milliseconds of CPU per item of each group between two snapshots, in {@link #GROUPS}' order. */
    static Map<String, Double> perItem(Map<String, ThreadTime> before, Map<String, ThreadTime> after, int items) {
        Map<String, Double> perItem = new LinkedHashMap<>();
        GROUPS.forEach(group -> perItem.put(group, 0.0));
        after.forEach((tid, thread) -> {
            ThreadTime earlier = before.get(tid);
            double seconds = thread.cpuSeconds() - (earlier == null ? 0 : earlier.cpuSeconds());
            perItem.merge(group(thread.name()), seconds * 1000 / items, Double::sum);
        });
        return perItem;
    }

    /** The group of a thread by its (15-character) name. */
    static String group(String name) {
        if (name.startsWith("executor-thread")) {
            return MODEL;
        }
        if (name.startsWith(WorkerPool.THREAD_PREFIX)) {
            return "I/O pool";
        }
        if (name.startsWith("kafka-") || name.startsWith("smallrye-kafka")) {
            return "Kafka clients";
        }
        if (name.startsWith("G1 ") || name.startsWith("GC Thread") || name.equals("VM Thread")) {
            return "GC";
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return JIT;
        }
        return "other";
    }
}
