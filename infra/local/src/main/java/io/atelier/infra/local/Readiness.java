package io.atelier.infra.local;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a probe until it passes, the process dies or the deadline passes: never forever. */
final class Readiness {

    private Readiness() {
    }

    static void await(ManagedProcess process, ProcessHandle handle, Duration timeout, Callable<Boolean> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!handle.isAlive()) {
                throw new StackException("the " + process.name() + " exited during start-up:\n" + process.logTail(30));
            }
            try {
                if (probe.call()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            sleep(250);
        }
        throw new StackException("the " + process.name() + " was not ready within " + timeout.toMillis() + " ms"
                + (last == null ? "" : " (last probe error: " + last.getMessage() + ")") + ":\n"
                + process.logTail(30));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while waiting for readiness", e);
        }
    }
}
