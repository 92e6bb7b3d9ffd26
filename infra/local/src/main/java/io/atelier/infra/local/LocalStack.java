package io.atelier.infra.local;

import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.topics.TopicSpec;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The Kafka broker and the S3 server as one unit, with its state in {@code home/stack.properties} so
 * that {@code up}, {@code status} and {@code down} work from separate processes. Starting a running
 * stack again changes nothing.
 */
public final class LocalStack {

    private static final String STATE_FILE = "stack.properties";

    private final LocalStackConfig requested;

    public LocalStack(LocalStackConfig config) {
        this.requested = config;
    }

    /**
     * Result of {@link #up()}.
     *
     * @param started the components this call started (none when everything was running)
     */
    public record Started(StackEndpoints endpoints, List<String> started, List<String> topicsCreated) {
        public boolean alreadyRunning() {
            return started.isEmpty();
        }
    }

    /** The two components, by the names operators use ({@code ./atelier restart kafka}). */
    public enum Component {
        KAFKA, S3;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Starts whatever is not running, and only that: a healthy broker keeps running while a crashed S3
     * server is started again on the ports and data it had. Then creates the spec's topics and the
     * contract's buckets, and returns the endpoints. On failure, the components this call started are
     * stopped again.
     */
    public Started up() {
        try (HomeLock ignored = lock()) {
            // the recorded ports and data while any part still runs; a stack that is wholly down starts as asked
            LocalStackConfig config = readState().filter(LocalStack::anyRunning).orElse(requested);
            KafkaBroker kafka = new KafkaBroker(config);
            S3Server s3 = new S3Server(config);
            List<ManagedProcess> down = new ArrayList<>();
            try {
                if (kafka.process().running().isEmpty()) {
                    down.add(kafka.process());
                    kafka.start();
                }
                List<String> created = TopicProvisioner.ensure(config.bootstrapServers(), TopicSpec.load());
                if (s3.process().running().isEmpty()) {
                    down.add(s3.process());
                    s3.start(Bucket.bucketNames());
                } else {
                    s3.ensureBuckets(Bucket.bucketNames());
                }
                writeState(config);
                return new Started(endpoints(config), down.stream().map(ManagedProcess::name).toList(), created);
            } catch (RuntimeException e) {
                down.forEach(process -> process.stop(Duration.ofSeconds(5)));
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + requested.home(), e);
        }
    }

    /** Stops one component and starts it again on the same ports and data; the other is left alone. */
    public Started restart(Component component) {
        try (HomeLock ignored = lock()) {
            LocalStackConfig config = readState().orElse(requested);
            ManagedProcess process = component == Component.KAFKA ? new KafkaBroker(config).process()
                    : new S3Server(config).process();
            process.stop(KafkaBroker.grace());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + requested.home(), e);
        }
        return up();
    }

    /** Stops both components; returns the names of those that were running. */
    public List<String> down() {
        try (HomeLock ignored = lock()) {
            LocalStackConfig config = readState().orElse(requested);
            List<String> stopped = new ArrayList<>();
            for (ManagedProcess process : List.of(new S3Server(config).process(), new KafkaBroker(config).process())) {
                if (process.stop(KafkaBroker.grace())) {
                    stopped.add(process.name());
                }
            }
            Files.deleteIfExists(config.home().resolve(STATE_FILE));
            return stopped;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the stack in " + requested.home(), e);
        }
    }

    /** A line per component: running or not, pid, endpoint, and whether it answers. */
    public List<String> status() {
        LocalStackConfig config = readState().orElse(requested);
        KafkaBroker kafka = new KafkaBroker(config);
        S3Server s3 = new S3Server(config);
        return List.of(
                line(kafka.process(), config.bootstrapServers(), kafka::answers),
                line(s3.process(), config.s3Endpoint(), s3::answers));
    }

    /** Endpoints of the running stack, if one runs. */
    public Optional<StackEndpoints> endpoints() {
        return readState().filter(config -> new KafkaBroker(config).process().running().isPresent())
                .map(LocalStack::endpoints);
    }

    public LocalStackConfig config() {
        return readState().orElse(requested);
    }

    /** Log files of both components. */
    public List<Path> logs() {
        LocalStackConfig config = config();
        return List.of(new KafkaBroker(config).process().logFile(), new S3Server(config).process().logFile());
    }

    /** Stops the stack and deletes its home folder, data included. */
    public void purge() {
        down();
        try (Stream<Path> paths = Files.exists(requested.home()) ? Files.walk(requested.home()) : Stream.empty()) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + requested.home(), e);
        }
    }

    private static boolean anyRunning(LocalStackConfig config) {
        return new KafkaBroker(config).process().running().isPresent()
                || new S3Server(config).process().running().isPresent();
    }

    private static StackEndpoints endpoints(LocalStackConfig config) {
        return new StackEndpoints(config.bootstrapServers(), config.s3Endpoint(), config.s3AccessKey(),
                config.s3SecretKey());
    }

    private static String line(ManagedProcess process, String endpoint, java.util.function.BooleanSupplier answers) {
        return process.running()
                .map(handle -> String.format("%-15s running  pid %-7d %-24s %s", process.name(), handle.pid(), endpoint,
                        answers.getAsBoolean() ? "ready" : "NOT ANSWERING (see " + process.logFile() + ")"))
                .orElse(String.format("%-15s stopped", process.name()));
    }

    /** Serialises up/down between processes that share a home folder. */
    private record HomeLock(FileChannel channel, FileLock lock) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            lock.release();
            channel.close();
        }
    }

    private HomeLock lock() throws IOException {
        Files.createDirectories(requested.home());
        FileChannel channel = FileChannel.open(requested.home().resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        return new HomeLock(channel, channel.lock());
    }

    private Optional<LocalStackConfig> readState() {
        Path file = requested.home().resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(new LocalStackConfig(requested.home(),
                Integer.parseInt(props.getProperty("kafka.port")),
                Integer.parseInt(props.getProperty("kafka.controller.port")),
                Integer.parseInt(props.getProperty("s3.port")),
                props.getProperty("s3.access-key"), props.getProperty("s3.secret-key"),
                LocalStackConfig.S3Engine.valueOf(props.getProperty("s3.engine")),
                requested.readinessTimeout()));
    }

    private void writeState(LocalStackConfig config) {
        Properties props = new Properties();
        props.setProperty("kafka.port", Integer.toString(config.kafkaPort()));
        props.setProperty("kafka.controller.port", Integer.toString(config.kafkaControllerPort()));
        props.setProperty("s3.port", Integer.toString(config.s3Port()));
        props.setProperty("s3.access-key", config.s3AccessKey());
        props.setProperty("s3.secret-key", config.s3SecretKey());
        props.setProperty("s3.engine", new S3Server(config).engine().name());
        try (Writer writer = Files.newBufferedWriter(config.home().resolve(STATE_FILE))) {
            props.store(writer, "Atelier local stack, started " + Instant.now());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the stack's state in " + config.home(), e);
        }
    }
}
