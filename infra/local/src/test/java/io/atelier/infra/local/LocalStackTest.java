package io.atelier.infra.local;

import io.atelier.schemas.topics.TopicSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lifecycle of a stack of its own: start, start again, topics, ports, stop. */
class LocalStackTest {

    @TempDir
    static Path home;
    static LocalStack stack;
    static LocalStack.Started first;

    @BeforeAll
    static void up() {
        stack = new LocalStack(LocalStackConfig.onFreePorts(home));
        first = stack.up();
    }

    @AfterAll
    static void purge() {
        if (stack != null) {
            stack.purge();
        }
    }

    @Test
    void createsEveryTopicOfTheSpecWithItsPartitionsAndRetention() throws Exception {
        TopicSpec spec = TopicSpec.load();
        assertThat(first.topicsCreated()).hasSameSizeAs(spec.topics());
        try (Admin admin = KafkaBroker.admin(first.endpoints().bootstrapServers())) {
            List<String> names = spec.topics().stream().map(TopicSpec.Topic::name).toList();
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames()
                    .get(10, TimeUnit.SECONDS);
            for (TopicSpec.Topic topic : spec.topics()) {
                assertThat(described.get(topic.name()).partitions()).as(topic.name()).hasSize(topic.partitions());
            }
            var retention = admin.describeConfigs(List.of(new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "atelier.style-jobs.dlq")))
                    .all().get(10, TimeUnit.SECONDS).values().iterator().next().get("retention.ms").value();
            assertThat(retention).isEqualTo("2592000000");
        }
    }

    @Test
    void startingAgainIsHarmless() {
        LocalStack.Started again = stack.up();

        assertThat(again.alreadyRunning()).isTrue();
        assertThat(again.topicsCreated()).isEmpty();
        assertThat(again.endpoints()).isEqualTo(first.endpoints());
        assertThat(stack.status()).allMatch(line -> line.contains("ready"), "every component ready");
    }

    @Test
    void aTakenPortFailsWithAMessageNamingThePortAndTheSetting(@TempDir Path otherHome) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LocalStackConfig base = LocalStackConfig.onFreePorts(otherHome);
            LocalStackConfig clash = new LocalStackConfig(otherHome, taken.getLocalPort(), base.kafkaControllerPort(),
                    base.s3Port(), base.s3AccessKey(), base.s3SecretKey(), base.s3Engine(), base.readinessTimeout());

            assertThatThrownBy(() -> new LocalStack(clash).up())
                    .isInstanceOf(StackException.class)
                    .hasMessageContaining("port " + taken.getLocalPort())
                    .hasMessageContaining("already in use")
                    .hasMessageContaining("ATELIER_KAFKA_PORT");
        }
    }

    @Test
    void readinessGivesUpAtItsDeadlineAndLeavesNoProcess(@TempDir Path otherHome) {
        LocalStackConfig base = LocalStackConfig.onFreePorts(otherHome);
        LocalStackConfig impatient = new LocalStackConfig(otherHome, base.kafkaPort(), base.kafkaControllerPort(),
                base.s3Port(), base.s3AccessKey(), base.s3SecretKey(), base.s3Engine(), Duration.ofMillis(200));
        LocalStack doomed = new LocalStack(impatient);

        assertThatThrownBy(doomed::up)
                .isInstanceOf(StackException.class)
                .hasMessageContaining("not ready within");
        assertThat(doomed.status()).allMatch(line -> line.contains("stopped"));
        assertThat(Ports.answers(base.kafkaPort())).isFalse();
    }

    @Test
    void downStopsEveryProcessAndUpStartsAgainOnTheSameData(@TempDir Path otherHome) throws Exception {
        LocalStack second = new LocalStack(LocalStackConfig.onFreePorts(otherHome));
        try {
            second.up();
            List<Long> pids = List.of(pid(otherHome, "kafka"), pid(otherHome, "s3"));

            assertThat(second.down()).containsExactlyInAnyOrder("Kafka broker", "S3Proxy server");

            for (long pid : pids) {
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid " + pid).isFalse();
            }
            assertThat(second.down()).isEmpty();
            assertThat(second.up().topicsCreated()).as("topics survive a restart").isEmpty();
        } finally {
            second.purge();
        }
    }

    @Test
    void upStartsOnlyWhatIsDownAndRestartTouchesOneComponent(@TempDir Path otherHome) throws Exception {
        LocalStack third = new LocalStack(LocalStackConfig.onFreePorts(otherHome));
        try {
            StackEndpoints endpoints = third.up().endpoints();
            long kafka = pid(otherHome, "kafka");
            long s3 = pid(otherHome, "s3");
            ProcessHandle crashed = ProcessHandle.of(s3).orElseThrow();
            crashed.destroyForcibly();
            crashed.onExit().get(30, TimeUnit.SECONDS);

            LocalStack.Started again = third.up();

            assertThat(again.started()).containsExactly("S3Proxy server");
            assertThat(again.endpoints()).isEqualTo(endpoints);
            assertThat(pid(otherHome, "kafka")).as("the healthy broker kept running").isEqualTo(kafka);
            assertThat(third.status()).allMatch(line -> line.contains("ready"), "every component ready");

            long s3Again = pid(otherHome, "s3");
            assertThat(third.restart(LocalStack.Component.KAFKA).started()).containsExactly("Kafka broker");
            assertThat(pid(otherHome, "s3")).as("the S3 server kept running").isEqualTo(s3Again);
            assertThat(pid(otherHome, "kafka")).isNotEqualTo(kafka);
            assertThat(third.up().topicsCreated()).as("the restarted broker kept its topics").isEmpty();
        } finally {
            third.purge();
        }
    }

    private static long pid(Path home, String name) throws Exception {
        return Long.parseLong(Files.readString(home.resolve("pids/" + name + ".pid")).trim());
    }
}
