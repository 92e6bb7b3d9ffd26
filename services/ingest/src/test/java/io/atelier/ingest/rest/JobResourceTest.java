package io.atelier.ingest.rest;

import io.atelier.common.storage.ObjectStore;
import io.atelier.infra.local.StackEndpoints;
import io.atelier.schemas.cloudevents.CloudEventCodec;
import io.atelier.schemas.cloudevents.KafkaCloudEvents;
import io.atelier.schemas.events.FailureReason;
import io.atelier.schemas.events.StyleJobRequested;
import io.atelier.schemas.models.CurrentModel;
import io.atelier.schemas.status.JobState;
import io.atelier.schemas.status.JobStatus;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.atelier.schemas.topics.Topics;
import io.atelier.testsupport.AtelierStackResource;
import io.atelier.testsupport.tracing.InMemoryTracing;
import io.atelier.testsupport.tracing.TraceSpan;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(AtelierStackResource.class)
class JobResourceTest {

    static final String STYLE = "test-ingest-style";
    static final String USER_KEY = "test-user-key";

    @Inject
    ObjectStore store;

    @Inject
    InMemorySpanExporter spans;

    StackEndpoints stack;

    @BeforeEach
    void styleExists() {
        store.putJson(Bucket.MODELS, ObjectKeys.currentModelPointer(STYLE), new CurrentModel(STYLE, "v1",
                Instant.now()));
    }

    @Test
    void anUploadIsStoredNormalisedAndQueuedAsAValidEvent() throws Exception {
        long before = jobsOnTopic();
        String jobId = upload(png(image(40, 30, BufferedImage.TYPE_BYTE_GRAY)), STYLE).then().statusCode(202)
                .body("status", equalTo("queued")).extract().path("jobId");

        byte[] stored = store.get(Bucket.UPLOADS, ObjectKeys.uploadInput(jobId)).orElseThrow();
        BufferedImage normalised = ImageIO.read(new ByteArrayInputStream(stored));
        assertThat(normalised.getColorModel().getNumComponents()).as("grey became RGB").isEqualTo(3);
        assertThat(jobsOnTopic()).isEqualTo(before + 1);
        StyleJobRequested job = event(jobId);
        assertThat(job.input().sha256()).isEqualTo(ObjectStore.sha256(stored));
        assertThat(job.input().width()).isEqualTo(40);
        assertThat(store.getJson(Bucket.RESULTS, ObjectKeys.jobStatus(jobId), JobStatus.class).orElseThrow().state())
                .isEqualTo(JobState.QUEUED);
        withKey().get("/api/v1/jobs/" + jobId).then().statusCode(200).body("status", equalTo("queued"));
    }

    @Test
    void aSucceededJobAnswersWithAPresignedOutputUrl() throws Exception {
        String jobId = UUID.randomUUID().toString();
        byte[] output = png(image(8, 8, BufferedImage.TYPE_INT_RGB));
        var ref = store.put(Bucket.RESULTS, ObjectKeys.resultOutput(jobId, "png"), output, "image/png");
        store.putJson(Bucket.RESULTS, ObjectKeys.jobStatus(jobId), new JobStatus(jobId, JobState.SUCCEEDED, STYLE,
                "v1", new io.atelier.schemas.events.ImageRef(ref.bucket(), ref.key(), ref.sha256(), 8, 8,
                "image/png"), null, null, null, Instant.now()));

        String url = withKey().get("/api/v1/jobs/" + jobId).then().statusCode(200)
                .body("status", equalTo("succeeded")).extract().path("output.url");

        assertThat(RestAssured.given().urlEncodingEnabled(false).get(URI.create(url)).asByteArray())
                .isEqualTo(output);
    }

    @Test
    void theEventStreamFollowsTheJobUntilItIsTerminal() throws Exception {
        String jobId = UUID.randomUUID().toString();
        store.putJson(Bucket.RESULTS, ObjectKeys.jobStatus(jobId), new JobStatus(jobId, JobState.QUEUED, STYLE, null,
                null, null, null, null, Instant.now()));
        List<String> data = new ArrayList<>();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                .send(eventsRequest(jobId), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        try (Stream<String> lines = response.body()) {
            var iterator = lines.filter(line -> line.startsWith("data:")).iterator();
            data.add(iterator.next());
            store.putJson(Bucket.RESULTS, ObjectKeys.jobStatus(jobId), new JobStatus(jobId, JobState.RUNNING, STYLE,
                    "v1", null, null, null, null, Instant.now()));
            data.add(iterator.next());
            store.putJson(Bucket.RESULTS, ObjectKeys.jobStatus(jobId), new JobStatus(jobId, JobState.FAILED, STYLE,
                    "v1", null, FailureReason.INPUT_INVALID, "bad", null, Instant.now()));
            iterator.forEachRemaining(data::add);
        }
        assertThat(data).hasSize(3);
        assertThat(data.get(0)).contains("\"status\":\"queued\"");
        assertThat(data.get(1)).contains("\"status\":\"running\"");
        assertThat(data.get(2)).contains("\"status\":\"failed\"").contains("INPUT_INVALID");
    }

    @Test
    void aFinishedJobsEventStreamIsItsStatusAlone() throws Exception {
        String jobId = UUID.randomUUID().toString();
        store.putJson(Bucket.RESULTS, ObjectKeys.jobStatus(jobId), new JobStatus(jobId, JobState.FAILED, STYLE, "v1",
                null, FailureReason.INPUT_INVALID, "bad", null, Instant.now()));

        List<String> data = HttpClient.newHttpClient()
                .sendAsync(eventsRequest(jobId), HttpResponse.BodyHandlers.ofLines()).thenApply(response -> {
                    try (Stream<String> lines = response.body()) {
                        return lines.filter(line -> line.startsWith("data:")).toList();
                    }
                }).get(30, TimeUnit.SECONDS); // the whole stream: it must end by itself

        assertThat(data).singleElement().asString().contains("\"status\":\"failed\"");
    }

    /**
     * Every stream starts with the current status. Streams opened back to back, many at once, are
     * where a first event sent from another thread raced the response head and the stream ended
     * without one (the page then waited for ever).
     */
    @Test
    void everyEventStreamStartsWithTheCurrentStatus() throws Exception {
        String jobId = UUID.randomUUID().toString();
        store.putJson(Bucket.RESULTS, ObjectKeys.jobStatus(jobId), new JobStatus(jobId, JobState.QUEUED, STYLE, null,
                null, null, null, null, Instant.now()));
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = eventsRequest(jobId);
        for (int round = 0; round < 20; round++) {
            List<CompletableFuture<String>> firsts = new ArrayList<>();
            for (int stream = 0; stream < 8; stream++) {
                firsts.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                        .thenApply(response -> {
                            try (Stream<String> lines = response.body()) {
                                return lines.filter(line -> line.startsWith("data:")).findFirst().orElse("ended");
                            }
                        }));
            }
            for (var first : firsts) {
                assertThat(first.get(30, TimeUnit.SECONDS)).as("round %d", round)
                        .contains("\"status\":\"queued\"");
            }
        }
    }

    @Test
    void badInputsGetTheirProblemAndLeaveNothingBehind() throws Exception {
        int uploadsBefore = store.list(Bucket.UPLOADS, "uploads/").size();
        long jobsBefore = jobsOnTopic();
        byte[] png = png(image(16, 16, BufferedImage.TYPE_INT_RGB));

        rejected(upload("just text".getBytes(), STYLE), 415, "unsupported-image-type");
        rejected(upload(Arrays.copyOf(png, png.length / 2), STYLE), 422, "corrupt-image");
        rejected(upload(new byte[0], STYLE), 400, "empty-file");
        rejected(withKey().multiPart("style", STYLE).post("/api/v1/jobs"), 400, "missing-field");
        rejected(withKey().multiPart("image", "a.png", png, "image/png").post("/api/v1/jobs"), 400, "missing-field");
        rejected(upload(png, "no-such-style"), 422, "unknown-style");
        rejected(upload(png, "../escape"), 422, "unknown-style");
        rejected(upload(pixelBomb(), STYLE), 422, "too-many-pixels");
        // the style is checked before the image is decoded
        rejected(upload(pixelBomb(), "no-such-style"), 422, "unknown-style");
        rejected(withKey().multiPart("image", "a.png", png, "image/png").multiPart("style", STYLE)
                .multiPart("format", "gif").post("/api/v1/jobs"), 400, "invalid-field", "format");
        rejected(withKey().multiPart("image", "a.png", png, "image/png").multiPart("style", STYLE)
                .multiPart("maxSide", "9000").post("/api/v1/jobs"), 400, "invalid-field", "maxSide");
        // refused by the framework before the resource runs: still a problem document
        rejected(withKey().multiPart("image", "a.png", png, "image/png").multiPart("style", STYLE)
                .multiPart("maxSide", "large").post("/api/v1/jobs"), 400, "invalid-field", "wrong type");
        rejected(withKey().contentType("application/json").body("{\"style\":\"" + STYLE + "\"}")
                .post("/api/v1/jobs"), 415, "unsupported-media-type", "multipart/form-data");

        assertThat(store.list(Bucket.UPLOADS, "uploads/")).hasSize(uploadsBefore);
        assertThat(jobsOnTopic()).isEqualTo(jobsBefore);
    }

    @Test
    void anUploadIsOneTraceFromTheCallersSpanToTheQueuedEvent() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String jobId = withKey().header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .multiPart("image", "a.png", png(image(8, 8, BufferedImage.TYPE_INT_RGB)), "image/png")
                .multiPart("style", STYLE).post("/api/v1/jobs").then().statusCode(202).extract().path("jobId");
        String traceparent = KafkaCloudEvents.fromHeaders(record(jobId).headers()).get("traceparent");

        List<TraceSpan> trace = InMemoryTracing.awaitTrace(spans, traceId,
                found -> found.stream().anyMatch(span -> span.name().startsWith("POST ")), Duration.ofSeconds(10));
        System.out.println(TraceSpan.tree(trace));

        TraceSpan request = named(trace, "POST /api/v1/jobs");
        assertThat(request.parentSpanId()).as("the caller's span is the request's parent").isEqualTo("00f067aa0ba902b7");
        TraceSpan publish = named(trace, Topics.STYLE_JOBS + " publish");
        assertThat(publish.parentSpanId()).as("queued inside the request").isEqualTo(request.spanId());
        assertThat(trace).filteredOn(span -> span.name().equals("ObjectStore.put")
                && span.parentSpanId().equals(request.spanId())).as("the stored image").isNotEmpty();
        assertThat(traceparent).as("the record carries the publish span to the worker")
                .isEqualTo("00-" + traceId + "-" + publish.spanId() + "-01");
    }

    private static TraceSpan named(List<TraceSpan> trace, String name) {
        return trace.stream().filter(span -> span.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span '" + name + "' in " + TraceSpan.tree(trace)));
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyReturnsTheSameJobWithoutASecondEvent() throws Exception {
        String key = UUID.randomUUID().toString();
        byte[] png = png(image(12, 12, BufferedImage.TYPE_INT_ARGB));
        long before = jobsOnTopic();

        String first = withKey().header("Idempotency-Key", key).multiPart("image", "a.png", png, "image/png")
                .multiPart("style", STYLE).post("/api/v1/jobs").then().statusCode(202).extract().path("jobId");
        String second = withKey().header("Idempotency-Key", key).multiPart("image", "a.png", png, "image/png")
                .multiPart("style", STYLE).post("/api/v1/jobs").then().statusCode(202).extract().path("jobId");

        assertThat(second).isEqualTo(first);
        assertThat(jobsOnTopic()).isEqualTo(before + 1);
    }

    @Test
    void requestsWithoutAValidKeyAreUnauthorised() throws Exception {
        byte[] png = png(image(8, 8, BufferedImage.TYPE_INT_RGB));
        rejected(RestAssured.given().multiPart("image", "a.png", png, "image/png").multiPart("style", STYLE)
                .post("/api/v1/jobs"), 401, "unauthorized");
        rejected(RestAssured.given().header("X-API-Key", "wrong").multiPart("image", "a.png", png, "image/png")
                .multiPart("style", STYLE).post("/api/v1/jobs"), 401, "unauthorized");
        RestAssured.given().header("Authorization", "Bearer " + USER_KEY).multiPart("image", "a.png", png, "image/png")
                .multiPart("style", STYLE).post("/api/v1/jobs").then().statusCode(202);
    }

    @Test
    void thePageProbesAndCorsPreflightsNeedNoKeyAndIgnoreAWrongOne() {
        RestAssured.given().get("/").then().statusCode(200);
        RestAssured.given().header("X-API-Key", "wrong").get("/q/health/live").then().statusCode(200);
        RestAssured.given().header("Origin", "http://example.test").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "X-API-Key").options("/api/v1/jobs").then()
                .statusCode(200).header("Access-Control-Allow-Headers",
                        org.hamcrest.Matchers.containsStringIgnoringCase("X-API-Key"));
    }

    @Test
    void metricsCountUploadsBytesRejectionsByReasonAndTimeToAccept() throws Exception {
        upload(png(image(8, 8, BufferedImage.TYPE_INT_RGB)), STYLE).then().statusCode(202);
        upload("nope".getBytes(), STYLE).then().statusCode(415);

        RestAssured.given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("atelier_ingest_uploads_total{outcome=\"accepted\"}"))
                .body(org.hamcrest.Matchers.containsString("atelier_ingest_uploads_total{outcome=\"rejected\"}"))
                .body(org.hamcrest.Matchers.containsString(
                        "atelier_ingest_validation_failures_total{reason=\"unsupported-image-type\"}"))
                .body(org.hamcrest.Matchers.containsString("atelier_ingest_upload_bytes_total"))
                .body(org.hamcrest.Matchers.containsString("atelier_ingest_accept_time_seconds_count"));
    }

    @Test
    void aBodyDeclaredOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
        int uploadsBefore = store.list(Bucket.UPLOADS, "uploads/").size();
        HttpResponse<String> response = post(HttpRequest.BodyPublishers.ofByteArray(new byte[3 * 1024 * 1024]));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.body()).contains("/body-too-large").contains("the limit is 2097152");
        assertThat(store.list(Bucket.UPLOADS, "uploads/")).hasSize(uploadsBefore);
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWhileItStreams() throws Exception {
        // no Content-Length: Quarkus counts the bytes as they arrive and stops at its limit (4M in tests)
        HttpResponse<String> response = post(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(new byte[6 * 1024 * 1024])));

        assertThat(response.statusCode()).isEqualTo(413);
    }

    /** A raw multipart POST, with or without a declared length; HTTP/1.1 so the body is sent as given. */
    /** The job's server-sent events, as a browser asks for them. */
    static HttpRequest eventsRequest(String jobId) {
        return HttpRequest.newBuilder(URI.create(
                        "http://localhost:" + RestAssured.port + "/api/v1/jobs/" + jobId + "/events"))
                .header("X-API-Key", USER_KEY).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(60)).build();
    }

    private static HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                        URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/v1/jobs"))
                .header("X-API-Key", USER_KEY).header("Content-Type", "multipart/form-data; boundary=x")
                .POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void rejected(Response response, int status, String type) {
        response.then().statusCode(status).contentType("application/problem+json")
                .body("type", endsWith("/" + type)).body("status", equalTo(status));
    }

    /** A refusal whose detail names what was wrong. */
    static void rejected(Response response, int status, String type, String detailMentions) {
        rejected(response, status, type);
        response.then().body("detail", org.hamcrest.Matchers.containsString(detailMentions));
    }

    private RequestSpecification withKey() {
        return RestAssured.given().header("X-API-Key", USER_KEY);
    }

    private Response upload(byte[] image, String style) {
        return withKey().multiPart("image", "upload.bin", image, "application/octet-stream")
                .multiPart("style", style).post("/api/v1/jobs");
    }

    /** Records on the jobs topic, summed over partitions. */
    private long jobsOnTopic() {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.STYLE_JOBS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private StyleJobRequested event(String jobId) throws Exception {
        ConsumerRecord<String, byte[]> record = record(jobId);
        return CloudEventCodec.decode(KafkaCloudEvents.fromHeaders(record.headers()), record.value(),
                StyleJobRequested.class);
    }

    private ConsumerRecord<String, byte[]> record(String jobId) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(Topics.STYLE_JOBS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(250))) {
                    if (jobId.equals(record.key())) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no event for job " + jobId);
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    static BufferedImage image(int w, int h, int type) {
        BufferedImage image = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, 0xff000000 | (x * 7 << 16) | (y * 5 << 8) | 90);
            }
        }
        return image;
    }

    static byte[] png(BufferedImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** A valid 1x1 PNG whose header claims 100000 x 100000 pixels (checksum fixed), as bombs do. */
    static byte[] pixelBomb() throws Exception {
        byte[] png = png(image(1, 1, BufferedImage.TYPE_INT_RGB));
        ByteBuffer.wrap(png, 16, 8).putInt(100_000).putInt(100_000);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        ByteBuffer.wrap(png, 29, 4).putInt((int) crc.getValue());
        return png;
    }
}
