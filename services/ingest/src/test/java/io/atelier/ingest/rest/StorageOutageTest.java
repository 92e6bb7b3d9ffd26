package io.atelier.ingest.rest;

import io.atelier.common.storage.ObjectStore;
import io.atelier.infra.local.StackEndpoints;
import io.atelier.schemas.models.CurrentModel;
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
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Ingest reaches the real S3 server only through a {@link TcpFaultProxy}: cut, the gateway answers
 * 503 {@code storage-unavailable} with {@code Retry-After}, keeps nothing and sends nothing; restored,
 * it accepts uploads again without a restart, and a job's event stream open across the outage carries
 * on.
 */
@QuarkusTest
@TestProfile(StorageThroughProxy.class)
class StorageOutageTest {

    @Inject
    ObjectStore store;

    TcpFaultProxy proxy;
    StackEndpoints stack;

    @AfterEach
    void restore() {
        proxy.restore();
    }

    @Test
    void anOutageIs503WithNothingKeptAndTheGatewayRecoversWhenStorageIsBack() throws Exception {
        store.putJson(Bucket.MODELS, ObjectKeys.currentModelPointer(JobResourceTest.STYLE),
                new CurrentModel(JobResourceTest.STYLE, "v1", Instant.now()));
        upload(null).then().statusCode(202);
        int uploads = store.list(Bucket.UPLOADS, "uploads/").size();
        int statuses = store.list(Bucket.RESULTS, "jobs/").size();
        long events = jobsOnTopic();

        proxy.cut();
        String idempotencyKey = UUID.randomUUID().toString();
        Response refused = upload(idempotencyKey);
        JobResourceTest.rejected(refused, 503, "storage-unavailable");
        refused.then().header("Retry-After", equalTo("5"));
        JobResourceTest.rejected(withKey().get("/api/v1/jobs/" + UUID.randomUUID()), 503, "storage-unavailable");
        assertThat(jobsOnTopic()).as("no event").isEqualTo(events);

        proxy.restore();
        // counted through the same proxy, now open again
        assertThat(store.list(Bucket.UPLOADS, "uploads/")).as("no upload, no idempotency record").hasSize(uploads);
        assertThat(store.list(Bucket.RESULTS, "jobs/")).as("no status record").hasSize(statuses);
        // as a client that honours Retry-After: the store's circuit breaker lets calls through again
        // within its delay (seconds), with no restart
        Response accepted = upload(idempotencyKey);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (accepted.statusCode() == 503 && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            accepted = upload(idempotencyKey);
        }
        String jobId = accepted.then().statusCode(202).extract().path("jobId");
        withKey().get("/api/v1/jobs/" + jobId).then().statusCode(200).body("status", equalTo("queued"));
        assertThat(jobsOnTopic()).isEqualTo(events + 1);
    }

    @Test
    void aFollowedJobsEventStreamOutlivesAnOutageAndCarriesTheChangeAfterIt() throws Exception {
        String jobId = UUID.randomUUID().toString();
        store.putJson(Bucket.RESULTS, ObjectKeys.jobStatus(jobId), status(jobId, JobState.QUEUED));
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(
                JobResourceTest.eventsRequest(jobId), HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
            Iterator<String> data = lines.filter(line -> line.startsWith("data:")).iterator();
            assertThat(data.next()).contains("\"status\":\"queued\"");

            proxy.cut();
            Thread.sleep(3000); // several reads of the status fail meanwhile
            proxy.restore();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (true) { // the store's circuit breaker may still be open for a moment
                try {
                    store.putJson(Bucket.RESULTS, ObjectKeys.jobStatus(jobId), status(jobId, JobState.SUCCEEDED));
                    break;
                } catch (RuntimeException e) {
                    assertThat(System.nanoTime()).as("storage back within 15 s").isLessThan(deadline);
                    Thread.sleep(500);
                }
            }

            assertThat(data.next()).contains("\"status\":\"succeeded\"");
            assertThat(data.hasNext()).as("the stream ends with the terminal status").isFalse();
        }
    }

    private static JobStatus status(String jobId, JobState state) {
        return new JobStatus(jobId, state, JobResourceTest.STYLE, "v1", null, null, null, null, Instant.now());
    }

    private Response upload(String idempotencyKey) throws Exception {
        RequestSpecification request = withKey();
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        return request.multiPart("image", "a.png", JobResourceTest.png(JobResourceTest.image(8, 8,
                BufferedImage.TYPE_INT_RGB)), "image/png").multiPart("style", JobResourceTest.STYLE)
                .post("/api/v1/jobs");
    }

    private static RequestSpecification withKey() {
        return RestAssured.given().header("X-API-Key", JobResourceTest.USER_KEY);
    }

    private long jobsOnTopic() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID()), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.STYLE_JOBS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
