package io.atelier.inference.support;

import io.atelier.infra.local.LocalServices.Service;
import io.atelier.infra.local.StackEndpoints;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged inference jar, run as a separate process against a stack, as an operator runs it. */
public final class PackagedWorker implements AutoCloseable {

    /** This module's packaging of the worker. */
    public static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    private final Process process;
    private final Path log;
    private final int port;

    private PackagedWorker(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * @param systemProperties extra {@code -D} settings, {@code name=value}
     */
    public static PackagedWorker start(StackEndpoints stack, Path log, String... systemProperties) throws IOException {
        return start(stack, log, List.of(), systemProperties);
    }

    /**
     * @param jvmOptions       options for the worker's JVM beside those the fleet gives it (later ones
     *                         win, e.g. another {@code -Xmx}), e.g. a flight recording
     * @param systemProperties extra {@code -D} settings, {@code name=value}
     */
    public static PackagedWorker start(StackEndpoints stack, Path log, List<String> jvmOptions,
                                       String... systemProperties) throws IOException {
        return start(stack, log, JAR, jvmOptions, systemProperties);
    }

    /** The same with another packaging of the worker, e.g. an earlier commit's, to compare in one run. */
    public static PackagedWorker start(StackEndpoints stack, Path log, Path jar, List<String> jvmOptions,
                                       String... systemProperties) throws IOException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing; package the service first");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dquarkus.http.port=" + port));
        command.addAll(Service.INFERENCE.jvmOptions());
        command.addAll(jvmOptions);
        for (String property : systemProperties) {
            command.add("-D" + property);
        }
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(stack.serviceEnvironment());
        return new PackagedWorker(builder.start(), log, port);
    }

    /** SIGKILL: no shutdown hooks, no offset commits, no leaving the group. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /**
     * A memory figure of the worker process from {@code /proc/<pid>/status}, in MiB: {@code VmRSS} (now)
     * or {@code VmHWM} (the peak so far); -1 where there is no procfs.
     */
    public double memoryMiB(String field) throws IOException {
        Path status = Path.of("/proc/" + process.pid() + "/status");
        if (!Files.exists(status)) {
            return -1;
        }
        return Files.readAllLines(status).stream().filter(line -> line.startsWith(field + ":"))
                .mapToDouble(line -> Double.parseDouble(line.replaceAll("[^0-9]", "")) / 1024).findFirst().orElse(-1);
    }

    /** The worker's Prometheus metrics, as text. */
    public String metrics() throws IOException, InterruptedException {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
