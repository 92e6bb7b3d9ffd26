package io.atelier.ingest.rest;

import io.atelier.common.storage.ObjectStore;
import io.atelier.infra.local.StackEndpoints;
import io.atelier.ingest.messaging.JobBacklog;
import io.atelier.schemas.models.CurrentModel;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.atelier.schemas.topics.ConsumerGroups;
import io.atelier.schemas.topics.Topics;
import io.atelier.testsupport.AtelierStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue's bound against a real broker: the workers' consumer group is moved by hand (no worker
 * runs in this module), so the backlog is exactly the jobs this test queues after "catching up".
 */
@QuarkusTest
@QuarkusTestResource(AtelierStackResource.class)
@TestProfile(QueueLimitTest.ThreeJobs.class)
class QueueLimitTest {

    static final int MAX_JOBS = 3;

    /** A bound small enough to reach in a test, read often. */
    public static class ThreeJobs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("atelier.ingest.queue.max-jobs", Integer.toString(MAX_JOBS),
                    "atelier.ingest.queue.refresh", "200ms", "atelier.ingest.uploads-per-minute", "1000");
        }
    }

    @Inject
    ObjectStore store;

    @Inject
    JobBacklog backlog;

    StackEndpoints stack;

    @Test
    void aFullQueueRefusesUploadsWith503AndRetryAfterAndAdmitsAgainOnceWorkersDrainIt() throws Exception {
        store.putJson(Bucket.MODELS, ObjectKeys.currentModelPointer(JobResourceTest.STYLE),
                new CurrentModel(JobResourceTest.STYLE, "v1", Instant.now()));
        byte[] png = JobResourceTest.png(JobResourceTest.image(8, 8, BufferedImage.TYPE_INT_RGB));
        workersCatchUp();
        awaitBacklog(q -> q == 0);

        for (int i = 0; i < MAX_JOBS; i++) {
            upload(png).then().statusCode(202);
        }
        awaitBacklog(q -> q >= MAX_JOBS);
        long queuedBefore = jobsOnTopic();
        Response refused = upload(png);
        JobResourceTest.rejected(refused, 503, "queue-full", MAX_JOBS + " jobs are waiting");
        int retryAfter = Integer.parseInt(refused.header("Retry-After"));
        assertThat(retryAfter).as("Retry-After seconds").isBetween(1, 120);
        assertThat(jobsOnTopic()).as("a refused upload queues nothing").isEqualTo(queuedBefore);
        assertThat(RestAssured.get("/q/metrics").asString()).contains("atelier_ingest_queued_jobs " + MAX_JOBS);

        workersCatchUp();
        awaitBacklog(q -> q == 0);
        upload(png).then().statusCode(202);
    }

    private Response upload(byte[] png) {
        return RestAssured.given().header("X-API-Key", JobResourceTest.USER_KEY)
                .multiPart("image", "a.png", png, "image/png").multiPart("style", JobResourceTest.STYLE)
                .post("/api/v1/jobs");
    }

    private void awaitBacklog(LongPredicate condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (backlog.queued().filter(condition::test).isPresent()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("backlog never matched; last reading " + backlog.queued());
    }

    /** Commits the workers' group at the end of the topic, as workers that took every job would. */
    private void workersCatchUp() {
        try (KafkaConsumer<String, byte[]> workers = consumer(ConsumerGroups.STYLE_JOB_WORKERS)) {
            List<TopicPartition> partitions = partitions(workers);
            workers.assign(partitions);
            workers.commitSync(workers.endOffsets(partitions).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue()))));
        }
    }

    private long jobsOnTopic() {
        try (KafkaConsumer<String, byte[]> consumer = consumer("queue-limit-test")) {
            return consumer.endOffsets(partitions(consumer)).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer) {
        return consumer.partitionsFor(Topics.STYLE_JOBS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    private KafkaConsumer<String, byte[]> consumer(String group) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }
}
