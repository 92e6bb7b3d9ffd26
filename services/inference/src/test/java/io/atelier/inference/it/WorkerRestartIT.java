package io.atelier.inference.it;

import io.atelier.common.config.StorageConfig;
import io.atelier.common.storage.ObjectStore;
import io.atelier.inference.TestImages;
import io.atelier.inference.model.TestGenerators;
import io.atelier.infra.local.StackEndpoints;
import io.atelier.schemas.cloudevents.CloudEventCodec;
import io.atelier.schemas.cloudevents.KafkaCloudEvents;
import io.atelier.schemas.events.ImageRef;
import io.atelier.schemas.events.StyleJobRequested;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.atelier.schemas.topics.Topics;
import io.atelier.testsupport.WithAtelierStack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged worker, killed (SIGKILL) in the middle of a stream of 50 jobs and started again:
 * every job completes and every output is written. Runs the real jar, so it is a failsafe test.
 */
@WithAtelierStack
class WorkerRestartIT {

    private static final String STYLE = "test-restart";
    private static final int JOBS = 50;
    private static final String COMPLETED = "io.atelier.style-job.completed.v1";
    private static final String FAILED = "io.atelier.style-job.failed.v1";

    @Test
    void aWorkerKilledMidStreamLosesNoJob(StackEndpoints stack) throws Exception {
        try (ObjectStore store = new ObjectStore(storageConfig(stack))) {
            runAndKill(stack, store);
        }
    }

    private static void runAndKill(StackEndpoints stack, ObjectStore store) throws Exception {
        TestGenerators.publish(store, STYLE, "v1", TestGenerators.channelRotation());
        List<StyleJobRequested> jobs = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            jobs.add(job(store, i));
        }
        Set<String> completed = new HashSet<>();
        Set<String> failed = new HashSet<>();
        Path logs = Files.createTempDirectory("worker-restart-");

        try (KafkaProducer<String, byte[]> producer = producer(stack);
             KafkaConsumer<String, byte[]> results = resultsConsumer(stack)) {
            CloudEventCodec codec = new CloudEventCodec("/atelier/tests");
            Process first = startWorker(stack, logs.resolve("first.log"));
            try {
                for (StyleJobRequested job : jobs.subList(0, JOBS / 2)) {
                    producer.send(KafkaCloudEvents.toRecord(codec.encode(job)));
                }
                producer.flush();
                collect(results, jobs, completed, failed, 5, Duration.ofSeconds(120));
                first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            } finally {
                first.destroyForcibly();
            }
            assertThat(completed).as("the worker was killed mid-stream").hasSizeLessThan(JOBS);

            for (StyleJobRequested job : jobs.subList(JOBS / 2, JOBS)) {
                producer.send(KafkaCloudEvents.toRecord(codec.encode(job)));
            }
            producer.flush();
            Process second = startWorker(stack, logs.resolve("second.log"));
            try {
                collect(results, jobs, completed, failed, JOBS, Duration.ofSeconds(180));
            } finally {
                second.destroy();
                second.waitFor(30, TimeUnit.SECONDS);
            }
        }

        assertThat(failed).isEmpty();
        assertThat(completed).hasSize(JOBS);
        for (StyleJobRequested job : jobs) {
            assertThat(store.exists(Bucket.RESULTS, ObjectKeys.resultOutput(job.jobId(), "png")))
                    .as("output of " + job.jobId()).isTrue();
        }
    }

    private static void collect(KafkaConsumer<String, byte[]> results, List<StyleJobRequested> jobs,
                                Set<String> completed, Set<String> failed, int until, Duration timeout) {
        Set<String> ids = new HashSet<>(jobs.stream().map(StyleJobRequested::jobId).toList());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (completed.size() + failed.size() < until) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + completed.size() + " of " + until + " jobs completed within "
                        + timeout.toSeconds() + " s (" + failed.size() + " failed)");
            }
            for (ConsumerRecord<String, byte[]> record : results.poll(Duration.ofMillis(200))) {
                if (!ids.contains(record.key())) {
                    continue;
                }
                String type = KafkaCloudEvents.fromHeaders(record.headers()).get("ce_type");
                if (COMPLETED.equals(type)) {
                    completed.add(record.key());
                } else if (FAILED.equals(type)) {
                    failed.add(record.key());
                }
            }
        }
    }

    private static Process startWorker(StackEndpoints stack, Path log) throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("package the service before its integration tests").exists();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // A short session lets the group notice the killed worker within seconds, not 45 s.
                "-Dmp.messaging.incoming.style-jobs.session.timeout.ms=6000",
                "-Dmp.messaging.incoming.style-jobs.heartbeat.interval.ms=1000",
                "-Dquarkus.http.port=" + port,
                "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(stack.serviceEnvironment());
        return builder.start();
    }

    private static StyleJobRequested job(ObjectStore store, int index) throws Exception {
        String jobId = UUID.randomUUID().toString();
        BufferedImage image = TestImages.randomImage(192, 128, index);
        byte[] png = TestImages.png(image);
        String key = ObjectKeys.uploadInput(jobId);
        store.put(Bucket.UPLOADS, key, png, "image/png");
        return new StyleJobRequested(1, jobId, STYLE, null, new ImageRef(Bucket.UPLOADS.bucketName(), key,
                ObjectStore.sha256(png), image.getWidth(), image.getHeight(), "image/png"), null, null,
                Instant.now(), "restart-test");
    }

    private static KafkaProducer<String, byte[]> producer(StackEndpoints stack) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> resultsConsumer(StackEndpoints stack) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "restart-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.STYLE_JOB_RESULTS));
        return consumer;
    }

    private static StorageConfig storageConfig(StackEndpoints stack) {
        return new StorageConfig() {
            @Override
            public String endpoint() {
                return stack.s3Endpoint();
            }

            @Override
            public String accessKey() {
                return stack.s3AccessKey();
            }

            @Override
            public String secretKey() {
                return stack.s3SecretKey();
            }

            @Override
            public String region() {
                return "us-east-1";
            }

            @Override
            public Duration connectTimeout() {
                return Duration.ofSeconds(3);
            }

            @Override
            public Duration requestTimeout() {
                return Duration.ofSeconds(30);
            }
        };
    }
}
