package io.atelier.infra.local;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache Kafka broker in KRaft combined mode (broker and controller in one JVM) on loopback,
 * its data under {@code home/kafka}.
 */
public final class KafkaBroker {

    static final String MAIN_CLASS = "kafka.Kafka";
    /** The first argument of the broker's command line, by which tools tell its process apart. */
    public static final String MARKER = "-Datelier.component=kafka-broker";
    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    /** Formatting storage is a one-off JVM run; it gets its own bound, apart from readiness. */
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);

    private final LocalStackConfig config;
    private final Path dir;
    private final ManagedProcess process;

    public KafkaBroker(LocalStackConfig config) {
        this.config = config;
        this.dir = config.home().resolve("kafka");
        this.process = new ManagedProcess("Kafka broker", config.home().resolve("pids/kafka.pid"),
                config.logs().resolve("kafka.log"), MARKER);
    }

    public ManagedProcess process() {
        return process;
    }

    /** Formats storage on first use, starts the broker and waits until it answers an admin client. */
    public void start() {
        Ports.requireFree(config.kafkaPort(), "Kafka broker", "ATELIER_KAFKA_PORT");
        Ports.requireFree(config.kafkaControllerPort(), "Kafka controller", "ATELIER_KAFKA_CONTROLLER_PORT");
        String classpath = RuntimeClasspath.KAFKA.classpath();
        Path properties = writeConfig();
        if (!Files.exists(dir.resolve("data/meta.properties"))) {
            formatStorage(classpath, properties, clusterId());
        }
        ProcessHandle handle = process.start(JavaCommand.of(MARKER, classpath, jvmOptions(), MAIN_CLASS,
                List.of(properties.toString())), Map.of(), dir);
        Readiness.await(process, handle, config.readinessTimeout(), this::answers);
    }

    /** Formats the KRaft storage once; the id goes as one {@code --cluster-id=} token (see {@link #clusterId()}). */
    void formatStorage(String classpath, Path properties, String clusterId) {
        process.runToCompletion(JavaCommand.of(MARKER, classpath, jvmOptions(), STORAGE_TOOL,
                List.of("format", "--standalone", "--cluster-id=" + clusterId, "--config=" + properties)),
                dir, FORMAT_TIMEOUT);
    }

    /** True when the broker reports its cluster id within a short timeout. */
    public boolean answers() {
        if (!Ports.answers(config.kafkaPort())) {
            return false;
        }
        try (Admin admin = admin(config.bootstrapServers())) {
            return admin.describeCluster().clusterId().get(3, TimeUnit.SECONDS) != null;
        } catch (Exception e) {
            return false;
        }
    }

    /** An admin client with short timeouts, for readiness checks and topic set-up. */
    static Admin admin(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return Admin.create(props);
    }

    private List<String> jvmOptions() {
        return List.of("-Xms128m", "-Xmx768m", "-XX:+UseSerialGC",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                "-Dkafka.logs.dir=" + config.logs());
    }

    Path writeConfig() {
        try {
            Files.createDirectories(dir);
            String listener = "127.0.0.1:" + config.kafkaPort();
            String controller = "127.0.0.1:" + config.kafkaControllerPort();
            String server = String.join("\n",
                    "# Written by Atelier's local stack on every start; edit LocalStackConfig instead.",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.bootstrap.servers=" + controller,
                    "listeners=PLAINTEXT://" + listener + ",CONTROLLER://" + controller,
                    "advertised.listeners=PLAINTEXT://" + listener,
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                    "log.dirs=" + dir.resolve("data"),
                    "num.partitions=1",
                    "auto.create.topics.enable=false",
                    "offsets.topic.replication.factor=1",
                    "offsets.topic.num.partitions=10",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "transaction.state.log.num.partitions=4",
                    "share.coordinator.state.topic.replication.factor=1",
                    "share.coordinator.state.topic.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    "") ;
            Path properties = dir.resolve("server.properties");
            Files.writeString(properties, server);
            Files.writeString(dir.resolve("log4j2.properties"), String.join("\n",
                    "# Kafka 4 logs through log4j2 and prints nothing useful without a config.",
                    "rootLogger.level=WARN",
                    "rootLogger.appenderRef.stdout.ref=STDOUT",
                    "appender.stdout.type=Console",
                    "appender.stdout.name=STDOUT",
                    "appender.stdout.layout.type=PatternLayout",
                    "appender.stdout.layout.pattern=[%d] %p %m (%c)%n",
                    "logger.server.name=kafka.server.KafkaRaftServer",
                    "logger.server.level=INFO",
                    "logger.broker.name=kafka.server.BrokerServer",
                    "logger.broker.level=INFO",
                    ""));
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broker's configuration under " + dir, e);
        }
    }

    /**
     * A KRaft cluster id: 16 random bytes, URL-safe Base64 without padding (as Kafka's Uuid prints).
     * It may begin with '-', which is why the format command passes it as {@code --cluster-id=}.
     */
    static String clusterId() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    static Duration grace() {
        return Duration.ofSeconds(20);
    }
}
