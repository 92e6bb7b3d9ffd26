package io.atelier.infra.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The three packaged services as separate processes beside the local stack, the way an operator runs
 * them with {@code java -jar}. Their pid, port and log live in the stack's home folder, so that
 * {@code ./atelier status} and {@code ./atelier down} find them from another process.
 */
public final class LocalServices {

    /**
     * Environment variables that configure a service (its {@code @ConfigMapping}s, Quarkus, messaging):
     * the ones a service keeps across {@code ./atelier restart}.
     */
    private static final List<String> SETTING_PREFIXES = List.of("ATELIER_", "QUARKUS_", "MP_", "SMALLRYE_");

    /** A service of the fleet, with its packaged jar, default HTTP port and JVM options. */
    public enum Service {
        /**
         * Twice the heap that normalising one upload of {@code max-pixels} needs when finely textured
         * (256 MiB, {@code ./atelier bench ingest-heap}); the decode budget keeps it to one such upload
         * at a time. Left to itself the JVM takes a quarter of the machine here and the image's script
         * a share of the container's limit, so the gateway would behave differently in each place;
         * {@code Dockerfile.jvm} sets the same.
         */
        INGEST(8080, "-Xmx512m"),
        TRAINER(8081),
        /**
         * A bounded heap: left to itself the JVM grows it towards a quarter of the machine before it
         * collects, while the worker's live data is about 50 MiB (images fitted to max-side, decoded
         * subsampled, at most {@code decode-pixels} of them at once). 192 MiB keeps the peak RSS under
         * 600 MiB at 512 px, and with the decode budget a poll of eight 12.6 MB PNGs fits in it with
         * margin (it fit in 144 MiB every time; BENCHMARKS.md, "A decode budget");
         * {@code Dockerfile.jvm} sets the same.
         */
        INFERENCE(8082, "-Xmx192m");

        private final int defaultPort;
        private final List<String> jvmOptions;

        Service(int defaultPort, String... jvmOptions) {
            this.defaultPort = defaultPort;
            this.jvmOptions = List.of(jvmOptions);
        }

        /** Options its JVM runs with, before any {@code -D} setting. */
        public List<String> jvmOptions() {
            return jvmOptions;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code ATELIER_INGEST_PORT} and so on. */
        public String portVariable() {
            return "ATELIER_" + name() + "_PORT";
        }

        public int port(Map<String, String> env) {
            String value = env.get(portVariable());
            try {
                int port = value == null || value.isBlank() ? defaultPort : Integer.parseInt(value.trim());
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // the message below names the variable
            }
            throw new IllegalArgumentException(portVariable() + "=" + value + " is not a TCP port (1-65535)");
        }

        public Path jar(Path root) {
            return root.resolve("services").resolve(id()).resolve("target/quarkus-app/quarkus-run.jar");
        }
    }

    /** A started service and where it answers. */
    public record Running(Service service, long pid, int port, Path log) {
        public URI url() {
            return URI.create("http://127.0.0.1:" + port);
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path root;
    private final Path home;

    /**
     * @param root the repository root, where {@code services/<name>/target/quarkus-app} is
     * @param home the stack's home folder ({@code ATELIER_HOME})
     */
    public LocalServices(Path root, Path home) {
        this.root = root;
        this.home = home;
    }

    /**
     * Starts the service unless it already runs, and waits until {@code /q/health/ready} answers UP.
     *
     * @param systemProperties settings given as {@code -D} options (API keys, profiles, tuning)
     */
    public Running start(Service service, StackEndpoints stack, int port, Map<String, String> systemProperties,
                         Duration timeout) {
        Optional<Running> existing = running(service);
        if (existing.isPresent()) {
            return existing.get();
        }
        Path jar = service.jar(root);
        if (!Files.isRegularFile(jar)) {
            throw new StackException(jar + " is missing; build the services with: mvn -B package -DskipTests");
        }
        Ports.requireFree(port, service.id() + " service", service.portVariable());
        ManagedProcess process = process(service);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(marker(service));
        command.addAll(service.jvmOptions());
        command.add("-Dquarkus.http.port=" + port);
        // loopback only, like the broker and the S3 server: the local admin key is no secret
        command.add("-Dquarkus.http.host=127.0.0.1");
        systemProperties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        Map<String, String> environment = new LinkedHashMap<>(keptSettings(service, System.getenv()));
        environment.putAll(stack.serviceEnvironment());
        ProcessHandle handle = process.start(command, environment, root);
        writePort(service, port);
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        try {
            Readiness.await(process, handle, timeout, () -> HTTP.send(HttpRequest.newBuilder(ready)
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        } catch (StackException e) {
            process.stop(Duration.ofSeconds(10));
            throw e;
        }
        return new Running(service, handle.pid(), port, process.logFile());
    }

    /** The service, if its process runs. */
    public Optional<Running> running(Service service) {
        ManagedProcess process = process(service);
        return process.running().flatMap(handle -> readPort(service)
                .map(port -> new Running(service, handle.pid(), port, process.logFile())));
    }

    /**
     * Stops the service if it runs; returns whether it did. It keeps the settings it was started with
     * ({@link #keptSettings}), as a restart should.
     */
    public boolean stop(Service service) {
        return process(service).stop(Duration.ofSeconds(20));
    }

    /** Stops every service that runs and forgets their settings; returns their names. */
    public List<String> stopAll() {
        List<String> stopped = new ArrayList<>();
        for (Service service : Service.values()) {
            if (stop(service)) {
                stopped.add(process(service).name());
            }
            try {
                Files.deleteIfExists(settingsFile(service));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return stopped;
    }

    /**
     * The settings ({@link #SETTING_PREFIXES}) that an earlier start of this service got from its
     * shell's environment and this shell does not set, so that {@code ./atelier restart ingest} keeps
     * what {@code ATELIER_INGEST_UPLOADS_PER_MINUTE=... ./atelier start} gave it; a value set now wins
     * and is kept in turn. Only {@link #stopAll()} ({@code ./atelier down}) forgets them.
     */
    Map<String, String> keptSettings(Service service, Map<String, String> shell) {
        Path file = settingsFile(service);
        Properties kept = new Properties();
        try {
            if (Files.exists(file)) {
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    kept.load(reader);
                }
            }
            Map<String, String> restored = new LinkedHashMap<>();
            kept.stringPropertyNames().stream().filter(name -> !shell.containsKey(name)).sorted()
                    .forEach(name -> restored.put(name, kept.getProperty(name)));
            shell.forEach((name, value) -> {
                if (SETTING_PREFIXES.stream().anyMatch(name::startsWith)) {
                    kept.setProperty(name, value);
                }
            });
            Files.createDirectories(file.getParent());
            if (!Files.exists(file) && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // they may hold keys, like the shell's environment they come from
                Files.createFile(file,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                kept.store(writer, "settings from the environment of ./atelier start, kept for ./atelier restart");
            }
            return restored;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the settings of the " + service.id() + " service in " + file,
                    e);
        }
    }

    /** A line per service: running or not, pid and URL. */
    public List<String> status() {
        List<String> lines = new ArrayList<>();
        for (Service service : Service.values()) {
            lines.add(running(service)
                    .map(r -> String.format("%-15s running  pid %-7d %s", process(service).name(), r.pid(), r.url()))
                    .orElse(String.format("%-15s stopped", process(service).name())));
        }
        return lines;
    }

    /** Log files of the services that ever ran in this home folder. */
    public List<Path> logs() {
        return java.util.Arrays.stream(Service.values()).map(s -> process(s).logFile()).filter(Files::exists).toList();
    }

    private ManagedProcess process(Service service) {
        return new ManagedProcess(service.id() + " service", home.resolve("services").resolve(service.id() + ".pid"),
                home.resolve("logs").resolve(service.id() + ".log"), marker(service));
    }

    private static String marker(Service service) {
        return "-Datelier.component=service-" + service.id();
    }

    private void writePort(Service service, int port) {
        try {
            Files.writeString(portFile(service), Integer.toString(port), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<Integer> readPort(Service service) {
        try {
            return Optional.of(Integer.parseInt(Files.readString(portFile(service)).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Path settingsFile(Service service) {
        return home.resolve("services").resolve(service.id() + ".env");
    }

    private Path portFile(Service service) {
        return home.resolve("services").resolve(service.id() + ".port");
    }
}
