package io.atelier.ingest.jobs;

import io.atelier.common.storage.ObjectStore;
import io.atelier.infra.local.StackEndpoints;
import io.atelier.ingest.IngestProblem;
import io.atelier.ingest.storage.IdempotencyKeys;
import io.atelier.ingest.storage.StagedObjects;
import io.atelier.schemas.events.ImageRef;
import io.atelier.schemas.events.StyleJobRequested;
import io.atelier.schemas.models.CurrentModel;
import io.atelier.schemas.status.JobState;
import io.atelier.schemas.status.JobStatus;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.atelier.schemas.topics.Topics;
import io.atelier.testsupport.AtelierStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

/**
 * A gateway that died after recording an Idempotency-Key but before the broker had the job's event
 * left a queued job that nothing would ever run. The client's retry with the same key gets the same
 * job, and its event is sent then. Two requests with one key that both found no record each made a
 * job; the second to record its job is now refused, and what it wrote goes.
 */
@QuarkusTest
@QuarkusTestResource(AtelierStackResource.class)
class IdempotentReplayTest {

    static final String STYLE = "test-replay-style";

    @Inject
    ObjectStore store;

    @Inject
    IdempotencyKeys idempotency;

    StackEndpoints stack;

    @Test
    void aRetryOfAKeyWhoseJobWasNeverQueuedQueuesThatJob() {
        store.putJson(Bucket.MODELS, ObjectKeys.currentModelPointer(STYLE), new CurrentModel(STYLE, "v1", Instant.now()));
        String jobId = UUID.randomUUID().toString();
        String key = UUID.randomUUID().toString();
        // what the first attempt left when it died just before sending the event
        stageJob(jobId, key);

        RestAssured.given().header("X-API-Key", "test-user-key").header("Idempotency-Key", key)
                .multiPart("image", "a.png", new byte[]{1}, "image/png").multiPart("style", STYLE)
                .post("/api/v1/jobs").then().statusCode(202).body("jobId", equalTo(jobId));

        assertThat(requested(jobId)).as("the job's event, sent by the retry").isTrue();
    }

    @Test
    void ofTwoRequestsWithOneKeyTheSecondToRecordItsJobIsRefusedAndLeavesNothing() {
        String key = UUID.randomUUID().toString();
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        stageJob(first, key);

        assertThatThrownBy(() -> stageJob(second, key)).isInstanceOfSatisfying(IngestProblem.class, problem -> {
            assertThat(problem.problem().status()).isEqualTo(409);
            assertThat(problem.problem().type()).endsWith("/idempotency-key-in-use");
            assertThat(problem.toResponse().getHeaderString("Retry-After")).isEqualTo("1");
        });

        assertThat(idempotency.find("user", key, StyleJobRequested.class)).get()
                .extracting(entry -> entry.event().jobId()).isEqualTo(first);
        assertThat(store.exists(Bucket.RESULTS, ObjectKeys.jobStatus(first))).as("the first job's status").isTrue();
        assertThat(store.exists(Bucket.RESULTS, ObjectKeys.jobStatus(second))).as("the refused job's status").isFalse();
    }

    /** A job's status and key record, written as {@code JobService} writes them before the event. */
    private void stageJob(String jobId, String key) {
        StyleJobRequested job = new StyleJobRequested(StyleJobRequested.SCHEMA_VERSION, jobId, STYLE, null,
                new ImageRef(Bucket.UPLOADS.bucketName(), ObjectKeys.uploadInput(jobId), "0".repeat(64), 8, 8,
                        "image/png"), null, null, Instant.now(), "user");
        StagedObjects.allOrNothing(store, staged -> {
            staged.putJson(Bucket.RESULTS, ObjectKeys.jobStatus(jobId), new JobStatus(jobId, JobState.QUEUED, STYLE,
                    null, null, null, null, null, Instant.now()));
            idempotency.remember(staged, "user", key, job);
        });
    }

    private boolean requested(String jobId) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.STYLE_JOBS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(250))) {
                    if (jobId.equals(record.key())) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
