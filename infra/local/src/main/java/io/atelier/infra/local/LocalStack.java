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

    /** Result of {@link #up()}. */
    public record Started(StackEndpoints endpoints, boolean alreadyRunning, List<String> topicsCreated) {
    }

    /**
     * Starts whatever is not running, creates the spec's topics and the contract's buckets, and returns
     * the endpoints. On failure, the components this call started are stopped again.
     */
    public Started up() {
        try (HomeLock ignored = lock()) {
            Optional<LocalStackConfig> recorded = readState();
            if (recorded.isPresent()) {
                LocalStackConfig running = recorded.get();
                KafkaBroker kafka = new KafkaBroker(running);
                S3Server s3 = new S3Server(running);
                if (kafka.process().running().isPresent() && s3.process().running().isPresent()) {
                    List<String> created = TopicProvisioner.ensure(running.bootstrapServers(), TopicSpec.load());
                    s3.ensureBuckets(Bucket.bucketNames());
                    return new Started(endpoints(running), true, created);
                }
                kafka.process().stop(KafkaBroker.grace());
                s3.process().stop(KafkaBroker.grace());
            }
            return startFresh();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + requested.home(), e);
        }
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

    private Started startFresh() {
        KafkaBroker kafka = new KafkaBroker(requested);
        S3Server s3 = new S3Server(requested);
        try {
            kafka.start();
            List<String> created = TopicProvisioner.ensure(requested.bootstrapServers(), TopicSpec.load());
            s3.start(Bucket.bucketNames());
            writeState(requested);
            return new Started(endpoints(requested), false, created);
        } catch (RuntimeException e) {
            s3.process().stop(Duration.ofSeconds(5));
            kafka.process().stop(Duration.ofSeconds(5));
            throw e;
        }
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
