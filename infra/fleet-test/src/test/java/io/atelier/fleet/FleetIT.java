package io.atelier.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.atelier.infra.local.LocalServices;
import io.atelier.infra.local.LocalServices.Service;
import io.atelier.infra.local.Ports;
import io.atelier.infra.local.StackEndpoints;
import io.atelier.infra.local.api.ApiException;
import io.atelier.infra.local.api.AtelierApi;
import io.atelier.infra.local.demo.SampleCorpus;
import io.atelier.schemas.cloudevents.KafkaCloudEvents;
import io.atelier.schemas.events.EventType;
import io.atelier.schemas.topics.Topics;
import io.atelier.schemas.training.TrainingProfile;
import io.atelier.testsupport.WithAtelierStack;
import io.atelier.testsupport.tracing.TraceSpan;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The three packaged services as separate processes against a real broker and S3 server, driven
 * only from outside: the HTTP API and a plain Kafka producer. One style is trained with the tiny
 * profile first; the jobs then use the model that training published.
 */
@WithAtelierStack
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIT {

    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    static final Path SAMPLES = ROOT.resolve("infra/samples");
    static final String API_KEY = "fleet-admin-key";
    static final String STYLE = "fleet-" + Long.toHexString(System.nanoTime());

    static LocalServices services;
    static AtelierApi api;
    static AtelierApi registry;
    static String runId;
    static JsonNode trained;
    static OtlpReceiver traces;

    @BeforeAll
    static void startTheFleetAndTrainAStyle(StackEndpoints stack) throws Exception {
        Path home = Files.createDirectories(ROOT.resolve("infra/fleet-test/target/fleet"));
        services = new LocalServices(ROOT, home);
        services.stopAll();
        traces = new OtlpReceiver();
        Map<String, String> tracing = Map.of("quarkus.otel.sdk.disabled", "false",
                "quarkus.otel.exporter.otlp.traces.endpoint", traces.endpoint().toString(),
                "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf",
                "quarkus.otel.bsp.schedule.delay", "200ms");
        Map<String, String> ingest = new java.util.HashMap<>(tracing);
        ingest.putAll(Map.of("atelier.ingest.api-keys.fleet.key", API_KEY, "atelier.ingest.api-keys.fleet.scope",
                "admin"));
        Map<Service, Map<String, String>> settings = Map.of(
                Service.INGEST, ingest,
                Service.TRAINER, Map.of("atelier.trainer.checkpoint-every", "4", "atelier.trainer.progress-every", "2",
                        "atelier.trainer.sample-every", "4", "atelier.trainer.admin-key", API_KEY),
                Service.INFERENCE, tracing);
        for (Service service : Service.values()) {
            LocalServices.Running running = services.start(service, stack, Ports.freePort(), settings.get(service),
                    Duration.ofMinutes(3));
            if (service == Service.INGEST) {
                api = new AtelierApi(running.url(), API_KEY);
            }
            if (service == Service.TRAINER) {
                registry = new AtelierApi(running.url(), API_KEY);
            }
        }
        SampleCorpus.seed(stack, SAMPLES.resolve("content"), "samples");

        runId = api.trainStyle(STYLE, List.of(SAMPLES.resolve("styles/hokusai_great_wave.jpg")),
                TrainingProfile.TINY, Map.of());
        try {
            api.awaitRun(STYLE, runId, Duration.ofMinutes(4), run -> { });
        } catch (ApiException e) {
            throw new AssertionError(e.getMessage() + "; see " + home.resolve("logs/trainer.log"), e);
        }
        trained = api.style(STYLE).orElseThrow();
    }

    @AfterAll
    static void stopTheFleet() {
        if (traces != null) {
            traces.close();
        }
        if (services != null) {
            assertThat(services.stopAll()).hasSize(3);
        }
    }

    @Test
    void aStyleTrainedWithTheTinyProfileIsPublishedAndListed() {
        assertThat(trained.path("currentVersion").asText()).isEqualTo("v1");
        assertThat(trained.path("versions").toString()).isEqualTo("[\"v1\"]");
        JsonNode run = trained.path("training").path(0);
        assertThat(run.path("runId").asText()).isEqualTo(runId);
        assertThat(run.path("modelVersion").asText()).isEqualTo("v1");
        assertThat(run.path("step").asLong()).isEqualTo(run.path("totalSteps").asLong()).isEqualTo(8);
    }

    /** First, so that this upload's trace is the only one rooted in a job submission. */
    @Test
    @Order(1)
    void anUploadIsOneTraceAcrossIngestAndInferenceFromTheRequestToTheStoredOutput() throws Exception {
        JsonNode job = api.awaitJob(api.submitJob(SAMPLES.resolve("content/coffee.jpg"), STYLE, 128, "png"),
                Duration.ofMinutes(2));
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("succeeded");

        String published = Topics.STYLE_JOB_RESULTS + " publish";
        List<TraceSpan> trace = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && trace.stream().filter(span -> span.name().equals(published)).count() < 2) {
            Thread.sleep(200);
            List<TraceSpan> all = traces.spans();
            trace = all.stream().filter(span -> span.name().equals("POST /api/v1/jobs")).findFirst()
                    .map(root -> TraceSpan.inTrace(all, root.traceId())).orElse(List.of());
        }
        System.out.println(TraceSpan.tree(trace));

        assertThat(trace).extracting(TraceSpan::service).containsOnly("atelier-ingest", "atelier-inference");
        TraceSpan request = named(trace, "POST /api/v1/jobs");
        assertThat(request.parentSpanId()).as("the root").isEmpty();
        TraceSpan queued = named(trace, Topics.STYLE_JOBS + " publish");
        TraceSpan received = named(trace, Topics.STYLE_JOBS + " receive");
        assertThat(received.parentSpanId()).as("the worker continues the gateway's span").isEqualTo(queued.spanId());
        TraceSpan process = named(trace, Topics.STYLE_JOBS + " process");
        assertThat(process.parentSpanId()).isEqualTo(received.spanId());
        assertThat(trace).filteredOn(span -> span.parentSpanId().equals(process.spanId()))
                .extracting(TraceSpan::name).contains("ObjectStore.get", "generator run", "ObjectStore.put", published);
    }

    private static TraceSpan named(List<TraceSpan> trace, String name) {
        return trace.stream().filter(span -> span.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span '" + name + "' in " + TraceSpan.tree(trace)));
    }

    @Test
    void anUploadOverHttpComesBackStyledByTheTrainedModel() throws Exception {
        Path photo = SAMPLES.resolve("content/coffee.jpg");
        BufferedImage input = ImageIO.read(photo.toFile());

        JsonNode job = api.awaitJob(api.submitJob(photo, STYLE, 256, "png"), Duration.ofMinutes(2));

        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.path("modelVersion").asText()).isEqualTo("v1");
        BufferedImage output = ImageIO.read(new ByteArrayInputStream(api.download(
                job.path("output").path("url").asText())));
        assertThat(Math.max(output.getWidth(), output.getHeight())).isEqualTo(256);
        // the generator works on sides that are multiples of 4, so the aspect ratio moves a little
        assertThat(output.getWidth() / (double) output.getHeight())
                .isCloseTo(input.getWidth() / (double) input.getHeight(), org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void aJobFromAPlainKafkaProducerComesBackStyled(StackEndpoints stack) throws Exception {
        String jobId = UUID.randomUUID().toString();
        String image = Base64.getEncoder().encodeToString(Files.readAllBytes(SAMPLES.resolve("content/osprey.jpg")));
        String json = "{\"schemaVersion\":1,\"jobId\":\"" + jobId + "\",\"style\":\"" + STYLE + "\","
                + "\"requestedAt\":\"2026-11-29T12:00:00Z\",\"output\":{\"format\":\"jpeg\"},"
                + "\"inlineInput\":{\"contentType\":\"image/jpeg\",\"data\":\"" + image + "\"}}";
        RecordHeaders headers = new RecordHeaders();
        Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_source", "/another-system",
                        "ce_type", "io.atelier.style-job.requested.v1", "content-type", "application/json")
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
             KafkaConsumer<String, byte[]> results = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                     ConsumerConfig.GROUP_ID_CONFIG, "fleet-test-" + UUID.randomUUID(),
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                     new StringDeserializer(), new ByteArrayDeserializer())) {
            producer.send(new ProducerRecord<>(Topics.STYLE_JOBS, null, jobId, json.getBytes(StandardCharsets.UTF_8),
                    headers)).get(30, TimeUnit.SECONDS);

            results.subscribe(List.of(Topics.STYLE_JOB_RESULTS));
            String type = awaitResultType(results, jobId);
            assertThat(type).isEqualTo(EventType.STYLE_JOB_COMPLETED.cloudEventType());
        }

        JsonNode job = api.job(jobId);
        assertThat(job.path("status").asText()).isEqualTo("succeeded");
        assertThat(job.path("modelVersion").asText()).isEqualTo("v1");
        BufferedImage output = ImageIO.read(new ByteArrayInputStream(api.download(
                job.path("output").path("url").asText())));
        BufferedImage input = ImageIO.read(SAMPLES.resolve("content/osprey.jpg").toFile());
        assertThat(output.getWidth()).isEqualTo(input.getWidth());
        assertThat(output.getHeight()).isEqualTo(input.getHeight());
    }

    /**
     * A generator trained and exported elsewhere (PyTorch, by infra/pytorch-export/export_generator.py)
     * is imported through the registry's admin API; the quality gate holds its untrained weights back, an
     * admin promotes it, and it styles an upload.
     */
    @Test
    void aGeneratorExportedFromPyTorchIsImportedAndStylesAJob() throws Exception {
        String style = "pytorch-" + Long.toHexString(System.nanoTime());
        Path onnx = Path.of("src/test/resources/pytorch-generator.onnx");

        JsonNode published = registry.importModel(style, onnx, "PyTorch 1.13.1, export_generator.py --seed 42");

        assertThat(published.path("version").asText()).isEqualTo("v1");
        // its weights are untrained (seed 42): the quality gate holds it back on structure, until promoted
        assertThat(published.path("heldBack").path(0).path("metric").asText()).as(published.toString())
                .isEqualTo("medianSsim");
        assertThat(api.style(style).orElseThrow().path("currentVersion").asText(null)).isNull();
        assertThat(registry.promoteModel(style, "v1").path("version").asText()).isEqualTo("v1");
        JsonNode job = api.awaitJob(api.submitJob(SAMPLES.resolve("content/kitten.jpg"), style, 128, "png"),
                Duration.ofMinutes(2));
        assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.path("modelVersion").asText()).isEqualTo("v1");
        BufferedImage output = ImageIO.read(new ByteArrayInputStream(api.download(
                job.path("output").path("url").asText())));
        assertThat(Math.max(output.getWidth(), output.getHeight())).isEqualTo(128);
    }

    /**
     * A few seconds of {@code ./atelier load http} against the fleet: the load tool itself (Gatling, run
     * from {@code load-tests/target} in its own JVM, since its Netty differs from the services') uploads at
     * 2 jobs/s for 5 s and follows every job to its end, and its summary says so.
     */
    @Test
    @Order(Integer.MAX_VALUE - 1)
    void aShortLoadRunThroughTheHttpApiCompletesEveryJob(@TempDir Path out) throws Exception {
        Path load = ROOT.resolve("load-tests/target");
        String classpath = load.resolve("classes") + java.io.File.pathSeparator
                + Files.readString(load.resolve("load.classpath")).trim();
        Path log = out.resolve("load.log");
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp", classpath,
                "io.atelier.load.LoadCli", "http", "--url", api.base().toString(), "--style", STYLE,
                "--api-keys", API_KEY, "--rate", "2", "--duration", "5s", "--ramp", "0s", "--size", "128,256",
                "--poll", "100ms", "--job-timeout", "90s", "--samples", SAMPLES.resolve("content").toString(),
                "--out", out.resolve("run").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!run.waitFor(3, TimeUnit.MINUTES)) {
            run.destroyForcibly();
            throw new AssertionError("the load run did not end within 3 minutes; see " + log);
        }
        assertThat(run.exitValue()).as(Files.readString(log)).isZero();
        JsonNode summary = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(out.resolve("run/summary.json").toFile());
        assertThat(summary.path("sent").asLong()).isEqualTo(10);
        assertThat(summary.path("completed").asLong()).isEqualTo(10);
        assertThat(summary.path("counts").path("202 accepted").asLong()).isEqualTo(10);
        JsonNode endToEnd = summary.path("latencies").path("end to end (202 to output stored)");
        assertThat(endToEnd.path("count").asLong()).isEqualTo(10);
        assertThat(endToEnd.path("p50").asDouble()).isPositive().isLessThanOrEqualTo(endToEnd.path("p99").asDouble());
        assertThat(out.resolve("run/summary.png")).isNotEmptyFile();
    }

    /** Last, so that jobs, uploads and a refused upload have created every meter (they appear on first use). */
    @Test
    @Order(Integer.MAX_VALUE)
    void everyMetricOnTheGrafanaDashboardIsServedByTheFleet(@TempDir Path dir) throws Exception {
        Path notAnImage = Files.writeString(dir.resolve("notes.png"), "not an image");
        assertThatThrownBy(() -> api.submitJob(notAnImage, STYLE, null, null)).isInstanceOf(ApiException.class)
                .hasMessageContaining("415");
        String dashboard = Files.readString(ROOT.resolve("infra/compose/grafana/dashboards/atelier-fleet.json"));
        StringBuilder served = new StringBuilder();
        HttpClient http = HttpClient.newHttpClient();
        for (Service service : Service.values()) {
            URI metrics = services.running(service).orElseThrow().url().resolve("/q/metrics");
            served.append(http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
                    .body());
        }
        Matcher names = Pattern.compile("\\b(?:atelier|kafka)_[a-z_]+").matcher(dashboard);
        int checked = 0;
        while (names.find()) {
            assertThat(served).as("a metric the dashboard queries").contains(names.group() + (
                    names.group().endsWith("_total") || names.group().endsWith("_bucket") ? "{" : ""));
            checked++;
        }
        assertThat(checked).as("metric names found on the dashboard").isGreaterThanOrEqualTo(7);
    }

    /** The CloudEvents type of the first terminal event for the job on the results topic. */
    private static String awaitResultType(KafkaConsumer<String, byte[]> results, String jobId) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : results.poll(Duration.ofMillis(250))) {
                String type = KafkaCloudEvents.fromHeaders(record.headers()).get("ce_type");
                if (jobId.equals(record.key()) && !EventType.STYLE_JOB_STARTED.cloudEventType().equals(type)) {
                    return type;
                }
            }
        }
        throw new AssertionError("no result for job " + jobId + " within 2 minutes");
    }
}
