package io.atelier.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.atelier.infra.local.LocalServices;
import io.atelier.infra.local.LocalServices.Service;
import io.atelier.infra.local.LocalStack;
import io.atelier.infra.local.LocalStackConfig;
import io.atelier.infra.local.Ports;
import io.atelier.infra.local.StackEndpoints;
import io.atelier.infra.local.api.AtelierApi;
import io.atelier.infra.local.demo.SampleCorpus;
import io.atelier.schemas.training.TrainingProfile;
import io.atelier.testsupport.TcpFaultProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault-injection suite: a fleet of real processes (Kafka, the S3 server, the three packaged
 * services), a steady stream of jobs over Kafka and HTTP, and one fault at a time: processes killed
 * or frozen, the inference worker's link to storage cut, frozen or slowed through a real TCP proxy.
 * For every transient fault every accepted job must complete, none may fail, and no process but the
 * one killed may have been restarted. The table goes to {@code target/reliability.md}
 * (RELIABILITY.md quotes it).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT {

    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    static final Path SAMPLES = ROOT.resolve("infra/samples");
    static final Path HOME = ROOT.resolve("infra/fault-test/target/faults");
    static final String API_KEY = "fault-suite-admin-key";
    static final String STYLE = "faults";
    static final Duration BEFORE = Duration.ofSeconds(3);
    static final Duration AFTER = Duration.ofSeconds(5);

    static LocalStack stack;
    static StackEndpoints endpoints;
    static LocalServices services;
    static TcpFaultProxy inferenceStorage;
    static final Map<Service, Integer> ports = new EnumMap<>(Service.class);
    static AtelierApi api;
    static Outcomes outcomes;
    static final FaultReport report = new FaultReport();
    /** Every job any fault's stream got accepted, to tell failures of jobs nobody was promised. */
    static final Set<String> everAccepted = new HashSet<>();
    static Path photo;
    static byte[] inlinePng;

    @BeforeAll
    static void startTheFleet() throws Exception {
        stack = new LocalStack(LocalStackConfig.onFreePorts(HOME));
        stack.purge();
        endpoints = stack.up().endpoints();
        services = new LocalServices(ROOT, HOME);
        inferenceStorage = TcpFaultProxy.inFrontOf(URI.create(endpoints.s3Endpoint()));
        for (Service service : Service.values()) {
            ports.put(service, Ports.freePort());
            start(service);
        }
        api = new AtelierApi(services.running(Service.INGEST).orElseThrow().url(), API_KEY);
        SampleCorpus.seed(endpoints, SAMPLES.resolve("content"), "samples");
        outcomes = new Outcomes(endpoints.bootstrapServers());
        photo = Files.write(HOME.resolve("photo.png"), png(64, 48, 1));
        inlinePng = png(32, 32, 2);
    }

    @AfterAll
    static void stopTheFleet() throws Exception {
        report.write(ROOT.resolve("infra/fault-test/target/reliability.md"));
        if (outcomes != null) {
            outcomes.close();
        }
        if (services != null) {
            services.stopAll();
            new LocalServices(ROOT, HOME.resolve("replica-2")).stopAll();
        }
        if (inferenceStorage != null) {
            inferenceStorage.close();
        }
        if (stack != null) {
            stack.down();
        }
    }

    /**
     * First, because it trains the model the job scenarios use: the trainer is killed mid-run and a
     * second replica adopts the run and resumes it from its last checkpoint; later that replica is
     * stopped as a rolling deploy stops it (SIGTERM), which must leave the run to resume, not fail it, and
     * the first trainer, restarted, adopts and finishes it, at the same step count.
     */
    @Test
    @Order(1)
    void aTrainerKilledMidRunIsResumedByAnotherReplicaAndByARestartedOne() throws Exception {
        String runId = api.trainStyle(STYLE, List.of(SAMPLES.resolve("styles/hokusai_great_wave.jpg")),
                TrainingProfile.TINY, Map.of("steps", "200"));
        long first = awaitCheckpoint(STYLE, runId, 40);
        Signals.kill(services.running(Service.TRAINER).orElseThrow().pid());
        long killedAt = System.nanoTime();
        LocalServices replica = new LocalServices(ROOT, HOME.resolve("replica-2"));
        replica.start(Service.TRAINER, endpoints, Ports.freePort(), settings(Service.TRAINER), Duration.ofMinutes(3));

        long second = awaitCheckpoint(STYLE, runId, first + 40);
        Signals.terminate(replica.running(Service.TRAINER).orElseThrow().pid());
        start(Service.TRAINER);
        JsonNode finished = api.awaitRun(STYLE, runId, Duration.ofMinutes(5), r -> { });

        assertThat(finished.path("step").asLong()).isEqualTo(finished.path("totalSteps").asLong()).isEqualTo(200);
        assertThat(finished.path("modelVersion").asText()).isEqualTo("v1");
        assertThat(Files.readString(HOME.resolve("replica-2/logs/trainer.log")))
                .contains("Adopting run " + runId).contains("Run " + runId + " restored from")
                .contains("Run " + runId + " stopped at shutdown");
        assertThat(Files.readString(HOME.resolve("logs/trainer.log"))).contains("Adopting run " + runId);
        report.add(new FaultReport.Row("trainer SIGKILL at step " + first + " of 200, resumed by another replica; "
                + "that one SIGTERM at step " + second + ", resumed by the first trainer restarted", 1, 1, 0, 0, 0,
                "-", 0, seconds(System.nanoTime() - killedAt), List.of()));
    }

    @Test
    @Order(2)
    void brokerKilledAndRestarted() throws Exception {
        transientFault("broker SIGKILL, restarted", Set.of("kafka"), () -> {
            Signals.kill(pid("kafka"));
            Thread.sleep(3000);
            stack.up();
        });
    }

    @Test
    @Order(3)
    void brokerFrozen() throws Exception {
        transientFault("broker SIGSTOP 20 s", Set.of(), () -> freeze(pid("kafka"), Duration.ofSeconds(20)));
    }

    @Test
    @Order(4)
    void storageKilledForTenSeconds() throws Exception {
        transientFault("S3 server SIGKILL, back after 10 s", Set.of("s3"), () -> killStorageFor(Duration.ofSeconds(10)));
    }

    /** A training run is under way too: it waits out the outage and ends with every step done. */
    @Test
    @Order(5)
    void storageKilledForAMinute() throws Exception {
        String style = STYLE + "-outage";
        String runId = api.trainStyle(style, List.of(SAMPLES.resolve("styles/vangogh_starry_night.jpg")),
                TrainingProfile.TINY, Map.of("steps", "120"));
        awaitCheckpoint(style, runId, 20);
        transientFault("S3 server SIGKILL, back after 60 s, a training run under way", Set.of("s3"),
                () -> killStorageFor(Duration.ofSeconds(60)));

        JsonNode finished = api.awaitRun(style, runId, Duration.ofMinutes(5), r -> { });
        assertThat(finished.path("step").asLong()).isEqualTo(finished.path("totalSteps").asLong()).isEqualTo(120);
        assertThat(finished.path("modelVersion").asText()).isEqualTo("v1");
    }

    @Test
    @Order(6)
    void storageFrozen() throws Exception {
        transientFault("S3 server SIGSTOP 30 s", Set.of(), () -> freeze(pid("s3"), Duration.ofSeconds(30)));
    }

    @Test
    @Order(7)
    void inferenceStorageLinkCut() throws Exception {
        transientFault("inference-S3 link cut 10 s (TCP proxy)", Set.of(), () -> {
            inferenceStorage.cut();
            Thread.sleep(10_000);
            inferenceStorage.restore();
        });
    }

    @Test
    @Order(8)
    void inferenceStorageLinkFrozen() throws Exception {
        transientFault("inference-S3 link frozen 10 s (TCP proxy)", Set.of(), () -> {
            inferenceStorage.freeze();
            Thread.sleep(10_000);
            inferenceStorage.unfreeze();
        });
    }

    @Test
    @Order(9)
    void inferenceStorageLinkSlow() throws Exception {
        transientFault("inference-S3 link delayed 200 ms for 15 s (TCP proxy)", Set.of(), () -> {
            inferenceStorage.slow(Duration.ofMillis(200));
            Thread.sleep(15_000);
            inferenceStorage.slow(Duration.ZERO);
        });
    }

    @Test
    @Order(10)
    void inferenceKilledMidBatch() throws Exception {
        transientFault("inference SIGKILL mid-batch, restarted", Set.of("inference"), () -> {
            Signals.kill(services.running(Service.INFERENCE).orElseThrow().pid());
            start(Service.INFERENCE);
        });
    }

    /** A rolling deploy or a scale-down: the worker is asked to stop while it holds a batch. */
    @Test
    @Order(11)
    void inferenceStoppedMidBatch() throws Exception {
        transientFault("inference SIGTERM mid-batch, restarted", Set.of("inference"), () -> {
            Signals.terminate(services.running(Service.INFERENCE).orElseThrow().pid());
            start(Service.INFERENCE);
        });
    }

    @Test
    @Order(12)
    void ingestKilledDuringUploads() throws Exception {
        JobStream stream = transientFault("ingest SIGKILL during uploads, restarted", Set.of("ingest"), () -> {
            Signals.kill(services.running(Service.INGEST).orElseThrow().pid());
            Thread.sleep(2000);
            start(Service.INGEST);
        });
        Map<String, String> byKey = stream.uploadsByKey();
        assertThat(new HashSet<>(byKey.values())).as("one job per Idempotency-Key").hasSameSizeAs(byKey.keySet());
    }

    /**
     * Last, over every fault's stream: no job fails that nobody was promised. An upload refused with 503
     * while the broker was away can still reach it; until 2026-12-05 the gateway had removed its input by
     * then and it failed {@code INPUT_MISSING} (3 and 4 in two runs), which the rows, counting accepted
     * jobs only, did not show.
     */
    @Test
    @Order(100)
    void noJobFailsThatNobodyWasPromised() {
        Set<String> unaccepted = new HashSet<>(outcomes.failedJobs());
        unaccepted.removeAll(everAccepted);
        report.note("Jobs that failed without having been accepted: " + unaccepted.size());
        assertThat(unaccepted).as("failed jobs that no client was told of").isEmpty();
    }

    /**
     * Streams jobs, runs the fault (which returns once it is over), streams a little longer, waits for
     * every accepted job, and records and checks the row.
     */
    private static JobStream transientFault(String name, Set<String> killed, Fault fault) throws Exception {
        Map<String, Long> before = pids();
        JobStream stream = new JobStream(endpoints.bootstrapServers(), api, STYLE, photo, inlinePng);
        try (stream) {
            stream.start(Duration.ofMillis(500), Duration.ofSeconds(1));
            Thread.sleep(BEFORE.toMillis());
            fault.run();
            long healed = System.nanoTime();
            Thread.sleep(AFTER.toMillis());
            stream.stop();
            List<String> accepted = stream.accepted();
            everAccepted.addAll(accepted);
            List<String> open = outcomes.awaitTerminal(accepted, Duration.ofMinutes(3));
            int completed = (int) accepted.stream().filter(outcomes::completed).count();
            int failed = (int) accepted.stream().filter(outcomes::failed).count();
            long first = outcomes.firstCompletionAfter(accepted, healed);
            List<String> restarted = new ArrayList<>();
            pids().forEach((component, pid) -> {
                if (!killed.contains(component) && !pid.equals(before.get(component))) {
                    restarted.add(component);
                }
            });
            report.add(new FaultReport.Row(name, accepted.size(), completed, failed, open.size(),
                    accepted.stream().mapToInt(outcomes::repeats).sum(), stream.refusals(), stream.unacknowledged(),
                    first < 0 ? -1 : seconds(first - healed), restarted));

            assertThat(accepted).as("jobs accepted during " + name).isNotEmpty();
            assertThat(open).as("accepted jobs with no outcome after " + name).isEmpty();
            assertThat(failed).as("jobs failed by " + name).isZero();
            assertThat(restarted).as("processes restarted by " + name + " besides " + killed).isEmpty();
            assertThat(stream.otherErrors()).as("HTTP answers other than 202, 409, 429 and 503").isZero();
        }
        return stream;
    }

    /** A fault: injects it, waits it out, heals it. */
    @FunctionalInterface
    private interface Fault {
        void run() throws Exception;
    }

    private static void killStorageFor(Duration outage) throws Exception {
        Signals.kill(pid("s3"));
        Thread.sleep(outage.toMillis());
        long kafka = pid("kafka");
        assertThat(stack.up().started()).as("./atelier up starts only what is down").containsExactly("S3Proxy server");
        assertThat(pid("kafka")).isEqualTo(kafka);
    }

    private static void freeze(long pid, Duration duration) throws Exception {
        Signals.freeze(pid);
        try {
            Thread.sleep(duration.toMillis());
        } finally {
            Signals.thaw(pid);
        }
    }

    /** Waits until the run has a checkpoint at {@code step} or later; returns its step. */
    private static long awaitCheckpoint(String style, String runId, long step) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        long checkpointed = 0;
        while (checkpointed < step && System.nanoTime() < deadline) {
            for (JsonNode run : api.style(style).map(view -> view.path("training")).orElseThrow()) {
                if (runId.equals(run.path("runId").asText())) {
                    checkpointed = run.path("step").asLong();
                }
            }
            Thread.sleep(200);
        }
        assertThat(checkpointed).as("run " + runId + " checkpointed").isGreaterThanOrEqualTo(step);
        return checkpointed;
    }

    private static void start(Service service) {
        StackEndpoints links = service == Service.INFERENCE ? new StackEndpoints(endpoints.bootstrapServers(),
                inferenceStorage.endpoint("http"), endpoints.s3AccessKey(), endpoints.s3SecretKey())
                : endpoints;
        services.start(service, links, ports.get(service), settings(service), Duration.ofMinutes(3));
    }

    private static Map<String, String> settings(Service service) {
        return switch (service) {
            case INGEST -> Map.of("atelier.ingest.api-keys.faults.key", API_KEY,
                    "atelier.ingest.api-keys.faults.scope", "admin", "atelier.ingest.uploads-per-minute", "100000");
            // a run whose replica is gone is noticed within seconds rather than minutes
            case TRAINER -> Map.of("atelier.trainer.checkpoint-every", "20", "atelier.trainer.progress-every", "10",
                    "atelier.trainer.heartbeat", "2s", "atelier.trainer.orphan-after", "10s",
                    "atelier.trainer.orphan-scan", "5s");
            case INFERENCE -> Map.of();
        };
    }

    /** The pid of every component that runs now. */
    private static Map<String, Long> pids() {
        Map<String, Long> pids = new TreeMap<>();
        pids.put("kafka", pid("kafka"));
        pids.put("s3", pid("s3"));
        for (Service service : Service.values()) {
            services.running(service).ifPresent(running -> pids.put(service.id(), running.pid()));
        }
        return pids;
    }

    private static long pid(String component) {
        return Signals.pidFile(HOME.resolve("pids").resolve(component + ".pid"));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static byte[] png(int width, int height, long seed) throws Exception {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
