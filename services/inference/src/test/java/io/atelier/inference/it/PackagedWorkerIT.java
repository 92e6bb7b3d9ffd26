package io.atelier.inference.it;

import io.atelier.common.storage.ObjectStore;
import io.atelier.inference.TestImages;
import io.atelier.inference.model.TestGenerators;
import io.atelier.inference.support.PackagedWorker;
import io.atelier.inference.support.StackStorage;
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

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged worker, run as the fleet runs it (its JVM options included), so these are failsafe
 * tests: killed (SIGKILL) in the middle of a stream of 50 jobs and started again, and given a batch of
 * the largest uploads its heap has to hold.
 */
@WithAtelierStack
class PackagedWorkerIT {

    private static final String STYLE = "test-restart";
    private static final int JOBS = 50;
    /** Just under twice max-side, so decoded whole. */
    private static final int LARGE_SIDE = 2047;
    private static final String COMPLETED = "io.atelier.style-job.completed.v1";
    private static final String FAILED = "io.atelier.style-job.failed.v1";
    /** A short session lets the group notice the killed worker within seconds, not 45 s. */
    private static final String[] FAST_FAILOVER = {"mp.messaging.incoming.style-jobs.session.timeout.ms=6000",
            "mp.messaging.incoming.style-jobs.heartbeat.interval.ms=1000"};

    @Test
    void aWorkerKilledMidStreamLosesNoJob(StackEndpoints stack) throws Exception {
        try (ObjectStore store = StackStorage.open(stack)) {
            runAndKill(stack, store);
        }
    }

    /**
     * A poll of uploads heavier than ingest accepts (10 MiB an image), as another system's claim check
     * may be, at once: eight PNGs of noise, 12.6 MB each, decoded whole (they are under twice
     * {@code max-side}) and fitted to 1024 px, four at a time on the I/O threads, within the fleet's
     * 256 MiB heap.
     */
    @Test
    void aBatchOfTheLargestUploadsFitsTheFleetsHeap(StackEndpoints stack) throws Exception {
        List<StyleJobRequested> jobs = new ArrayList<>();
        Set<String> completed = new HashSet<>();
        Set<String> failed = new HashSet<>();
        Path logs = Files.createTempDirectory("worker-large-");
        try (ObjectStore store = StackStorage.open(stack);
             KafkaProducer<String, byte[]> producer = producer(stack);
             KafkaConsumer<String, byte[]> results = resultsConsumer(stack);
             PackagedWorker worker = PackagedWorker.start(stack, logs.resolve("worker.log"))) {
            TestGenerators.publish(store, STYLE, "v1", TestGenerators.channelRotation());
            for (int i = 0; i < 8; i++) {
                jobs.add(job(store, TestImages.randomImage(LARGE_SIDE, LARGE_SIDE, i)));
            }
            CloudEventCodec codec = new CloudEventCodec("/atelier/tests");
            for (StyleJobRequested job : jobs) {
                producer.send(KafkaCloudEvents.toRecord(codec.encode(job)));
            }
            producer.flush();
            collect(results, jobs, completed, failed, jobs.size(), Duration.ofSeconds(180));

            assertThat(failed).isEmpty();
            for (StyleJobRequested job : jobs) {
                byte[] output = store.get(Bucket.RESULTS, ObjectKeys.resultOutput(job.jobId(), "png")).orElseThrow();
                BufferedImage styled = ImageIO.read(new ByteArrayInputStream(output));
                assertThat(styled.getWidth() + "x" + styled.getHeight()).isEqualTo("1024x1024");
            }
            assertThat(Files.readString(worker.log())).doesNotContain("OutOfMemoryError");
        }
    }

    private static void runAndKill(StackEndpoints stack, ObjectStore store) throws Exception {
        TestGenerators.publish(store, STYLE, "v1", TestGenerators.channelRotation());
        List<StyleJobRequested> jobs = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            jobs.add(job(store, TestImages.randomImage(192, 128, i)));
        }
        Set<String> completed = new HashSet<>();
        Set<String> failed = new HashSet<>();
        Path logs = Files.createTempDirectory("worker-restart-");

        try (KafkaProducer<String, byte[]> producer = producer(stack);
             KafkaConsumer<String, byte[]> results = resultsConsumer(stack)) {
            CloudEventCodec codec = new CloudEventCodec("/atelier/tests");
            PackagedWorker first = PackagedWorker.start(stack, logs.resolve("first.log"), FAST_FAILOVER);
            try {
                for (StyleJobRequested job : jobs.subList(0, JOBS / 2)) {
                    producer.send(KafkaCloudEvents.toRecord(codec.encode(job)));
                }
                producer.flush();
                collect(results, jobs, completed, failed, 5, Duration.ofSeconds(120));
            } finally {
                first.kill();
            }
            assertThat(completed).as("the worker was killed mid-stream").hasSizeLessThan(JOBS);

            for (StyleJobRequested job : jobs.subList(JOBS / 2, JOBS)) {
                producer.send(KafkaCloudEvents.toRecord(codec.encode(job)));
            }
            producer.flush();
            try (PackagedWorker second = PackagedWorker.start(stack, logs.resolve("second.log"), FAST_FAILOVER)) {
                collect(results, jobs, completed, failed, JOBS, Duration.ofSeconds(180));
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

    private static StyleJobRequested job(ObjectStore store, BufferedImage image) throws Exception {
        String jobId = UUID.randomUUID().toString();
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
}
