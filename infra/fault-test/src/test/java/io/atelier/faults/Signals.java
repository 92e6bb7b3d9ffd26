package io.atelier.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** POSIX signals to a process by pid: what an operator's {@code kill} or the kernel's OOM killer sends. */
final class Signals {

    private Signals() {
    }

    /** SIGKILL, and waits until the process is gone. */
    static void kill(long pid) throws Exception {
        stop(pid, true);
    }

    /** SIGTERM, as a rolling deploy or {@code docker stop} sends it, and waits until the process is gone. */
    static void terminate(long pid) throws Exception {
        stop(pid, false);
    }

    /** SIGSTOP: the process keeps its sockets but answers nothing. */
    static void freeze(long pid) throws Exception {
        send("-STOP", pid);
    }

    /** SIGCONT after {@link #freeze}. */
    static void thaw(long pid) throws Exception {
        send("-CONT", pid);
    }

    static long pidFile(Path file) {
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("no pid in " + file, e);
        }
    }

    private static void stop(long pid, boolean forcibly) throws Exception {
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no process " + pid));
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        process.onExit().get(60, TimeUnit.SECONDS);
    }

    private static void send(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill " + signal + " " + pid + " failed");
        }
    }
}
