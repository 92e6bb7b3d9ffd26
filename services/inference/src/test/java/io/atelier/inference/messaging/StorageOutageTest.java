package io.atelier.inference.messaging;

import io.atelier.common.storage.ObjectStore;
import io.atelier.inference.model.TestGenerators;
import io.atelier.inference.support.JobTopics;
import io.atelier.inference.support.StackStorage;
import io.atelier.inference.support.Uploads;
import io.atelier.infra.local.StackEndpoints;
import io.atelier.schemas.events.EventType;
import io.atelier.schemas.events.StyleJobRequested;
import io.atelier.schemas.status.JobState;
import io.atelier.schemas.status.JobStatus;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.atelier.schemas.topics.Topics;
import io.atelier.testsupport.StorageThroughProxy;
import io.atelier.testsupport.TcpFaultProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.atelier.inference.TestImages.randomImage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker's link to object storage goes down while jobs arrive (a real TCP proxy between the
 * service and the real S3 server is cut, then frozen): no job fails, readiness says DOWN meanwhile,
 * liveness stays UP, and every job completes once the store answers again, without a restart.
 */
@QuarkusTest
@TestProfile(StorageThroughProxy.class)
class StorageOutageTest {

    static final String STYLE = "test-outage";
    static final Duration OUTAGE = Duration.ofSeconds(8);

    StackEndpoints stack;
    TcpFaultProxy s3;

    @Test
    void jobsWaitOutACutAndAFrozenStoreAndAllComplete() throws Exception {
        try (ObjectStore direct = StackStorage.open(stack); JobTopics topics = new JobTopics(stack)) {
            TestGenerators.publish(direct, STYLE, "v1", TestGenerators.channelRotation());
            StyleJobRequested warmUp = job(direct, 0);
            topics.send(warmUp);
            topics.awaitResult(warmUp.jobId(), EventType.STYLE_JOB_COMPLETED);

            List<StyleJobRequested> jobs = new ArrayList<>();
            s3.cut();
            jobs.addAll(sendDuringOutage(direct, topics, 1));
            assertThat(status("/q/health/ready")).as("readiness while the store is cut").isEqualTo(503);
            assertThat(status("/q/health/live")).as("liveness while the store is cut").isEqualTo(200);
            s3.restore();

            s3.freeze();
            jobs.addAll(sendDuringOutage(direct, topics, 100));
            s3.unfreeze();

            for (StyleJobRequested job : jobs) {
                topics.awaitResult(job.jobId(), EventType.STYLE_JOB_COMPLETED);
                assertThat(direct.getJson(Bucket.RESULTS, ObjectKeys.jobStatus(job.jobId()), JobStatus.class)
                        .orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
            }
            List<String> ids = jobs.stream().map(StyleJobRequested::jobId).toList();
            assertThat(topics.resultKeys(EventType.STYLE_JOB_FAILED)).as("no job failed").doesNotContainAnyElementsOf(ids);
            assertThat(topics.seen(Topics.STYLE_JOBS_DLQ).stream().map(ConsumerRecord::key))
                    .as("no job was dead-lettered").doesNotContainAnyElementsOf(ids);
            assertThat(status("/q/health/ready")).as("readiness once the store is back").isEqualTo(200);
        }
    }

    /** Sends five jobs during an outage and keeps it up for {@link #OUTAGE}. */
    private List<StyleJobRequested> sendDuringOutage(ObjectStore direct, JobTopics topics, int seed)
            throws Exception {
        List<StyleJobRequested> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            StyleJobRequested job = job(direct, seed + i);
            topics.send(job);
            jobs.add(job);
        }
        Thread.sleep(OUTAGE.toMillis());
        return jobs;
    }

    private static int status(String path) {
        return RestAssured.given().get(path).statusCode();
    }

    private static StyleJobRequested job(ObjectStore direct, int seed) throws Exception {
        return new StyleJobRequested(1, UUID.randomUUID().toString(), STYLE, null,
                Uploads.put(direct, randomImage(16, 12, seed)), null, null, Instant.now(), "test");
    }
}
