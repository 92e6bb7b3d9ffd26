package io.atelier.inference.it;

import io.atelier.common.storage.ObjectStore;
import io.atelier.inference.TestImages;
import io.atelier.inference.model.TestGenerators;
import io.atelier.inference.support.JobTopics;
import io.atelier.inference.support.PackagedWorker;
import io.atelier.inference.support.StackStorage;
import io.atelier.inference.support.Uploads;
import io.atelier.infra.local.StackEndpoints;
import io.atelier.schemas.cloudevents.KafkaCloudEvents;
import io.atelier.schemas.events.EventType;
import io.atelier.schemas.events.FailureReason;
import io.atelier.schemas.events.StyleJobCompleted;
import io.atelier.schemas.events.StyleJobFailed;
import io.atelier.schemas.events.StyleJobRequested;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.atelier.schemas.topics.Topics;
import io.atelier.testsupport.WithAtelierStack;
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
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged worker, run as the fleet runs it (its JVM options included), so these are failsafe
 * tests: killed (SIGKILL) in the middle of a stream of 50 jobs and started again, given a batch of
 * the largest uploads its heap has to hold, and given one it cannot hold.
 */
@WithAtelierStack
class PackagedWorkerIT {

    private static final String STYLE = "test-restart";
    private static final int JOBS = 50;
    /** Just under twice max-side, so decoded whole. */
    private static final int LARGE_SIDE = 2047;
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
     * {@code max-side}) and fitted to 1024 px, on four I/O threads within the decode budget, in the
     * fleet's heap.
     */
    @Test
    void aBatchOfTheLargestUploadsFitsTheFleetsHeap(StackEndpoints stack) throws Exception {
        List<StyleJobRequested> jobs = new ArrayList<>();
        Path logs = Files.createTempDirectory("worker-large-");
        try (ObjectStore store = StackStorage.open(stack);
             JobTopics topics = new JobTopics(stack);
             PackagedWorker worker = PackagedWorker.start(stack, logs.resolve("worker.log"))) {
            TestGenerators.publish(store, STYLE, "v1", TestGenerators.channelRotation());
            for (int i = 0; i < 8; i++) {
                jobs.add(job(store, TestImages.png(TestImages.randomImage(LARGE_SIDE, LARGE_SIDE, i)),
                        LARGE_SIDE, LARGE_SIDE));
            }
            for (StyleJobRequested job : jobs) {
                topics.send(job);
            }
            Outcomes outcomes = awaitOutcomes(topics, jobs, jobs.size(), Duration.ofSeconds(180));

            assertThat(outcomes.failed()).isEmpty();
            for (StyleJobRequested job : jobs) {
                byte[] output = store.get(Bucket.RESULTS, ObjectKeys.resultOutput(job.jobId(), "png")).orElseThrow();
                BufferedImage styled = ImageIO.read(new ByteArrayInputStream(output));
                assertThat(styled.getWidth() + "x" + styled.getHeight()).isEqualTo("1024x1024");
            }
            assertThat(Files.readString(worker.log())).doesNotContain("OutOfMemoryError");
        }
    }

    /**
     * An input whose decoded pixels cannot fit in the heap (a 16384 px PNG of 0.8 MB, decoded whole for
     * a worker whose {@code max-side} allows it: 768 MiB of raster) fails its own job, retryable and
     * dead-lettered with the reason, while the jobs polled with it complete and the worker goes on.
     */
    @Test
    void anInputTooLargeForTheHeapFailsItsOwnJobAndTheWorkerGoesOn(StackEndpoints stack) throws Exception {
        Path logs = Files.createTempDirectory("worker-too-large-");
        try (ObjectStore store = StackStorage.open(stack);
             JobTopics topics = new JobTopics(stack);
             PackagedWorker worker = PackagedWorker.start(stack, logs.resolve("worker.log"),
                     "atelier.inference.max-side=16384")) {
            TestGenerators.publish(store, STYLE, "v1", TestGenerators.channelRotation());
            StyleJobRequested tooLarge = job(store, TestImages.blackPng(16384, 16384), 16384, 16384);
            List<StyleJobRequested> small = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                small.add(job(store, TestImages.png(TestImages.randomImage(192, 128, i)), 192, 128));
            }
            topics.send(small.get(0));
            topics.send(tooLarge);
            topics.send(small.get(1));
            topics.send(small.get(2));

            StyleJobFailed failed = topics.awaitResult(tooLarge.jobId(), StyleJobFailed.class);
            assertThat(failed.reason()).isEqualTo(FailureReason.PROCESSING_ERROR);
            assertThat(failed.retryable()).isTrue();
            assertThat(failed.message()).contains("heap", "-Xmx", "atelier.inference.max-side");
            assertThat(KafkaCloudEvents.fromHeaders(topics.await(Topics.STYLE_JOBS_DLQ,
                    record -> tooLarge.jobId().equals(record.key()), Duration.ofSeconds(30)).headers()))
                    .containsEntry("dead-letter-failure-reason", "PROCESSING_ERROR");
            for (StyleJobRequested job : small) {
                topics.awaitResult(job.jobId(), StyleJobCompleted.class);
            }
            StyleJobRequested after = job(store, TestImages.png(TestImages.randomImage(64, 64, 9)), 64, 64);
            topics.send(after);
            topics.awaitResult(after.jobId(), StyleJobCompleted.class);
        }
    }

    private static void runAndKill(StackEndpoints stack, ObjectStore store) throws Exception {
        TestGenerators.publish(store, STYLE, "v1", TestGenerators.channelRotation());
        List<StyleJobRequested> jobs = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            jobs.add(job(store, TestImages.png(TestImages.randomImage(192, 128, i)), 192, 128));
        }
        Path logs = Files.createTempDirectory("worker-restart-");

        Outcomes outcomes;
        try (JobTopics topics = new JobTopics(stack)) {
            PackagedWorker first = PackagedWorker.start(stack, logs.resolve("first.log"), FAST_FAILOVER);
            try {
                for (StyleJobRequested job : jobs.subList(0, JOBS / 2)) {
                    topics.send(job);
                }
                outcomes = awaitOutcomes(topics, jobs, 5, Duration.ofSeconds(120));
            } finally {
                first.kill();
            }
            assertThat(outcomes.completed()).as("the worker was killed mid-stream").hasSizeLessThan(JOBS);

            for (StyleJobRequested job : jobs.subList(JOBS / 2, JOBS)) {
                topics.send(job);
            }
            try (PackagedWorker second = PackagedWorker.start(stack, logs.resolve("second.log"), FAST_FAILOVER)) {
                outcomes = awaitOutcomes(topics, jobs, JOBS, Duration.ofSeconds(180));
            }
        }

        assertThat(outcomes.failed()).isEmpty();
        assertThat(outcomes.completed()).hasSize(JOBS);
        for (StyleJobRequested job : jobs) {
            assertThat(store.exists(Bucket.RESULTS, ObjectKeys.resultOutput(job.jobId(), "png")))
                    .as("output of " + job.jobId()).isTrue();
        }
    }

    /** The jobs of a test that completed, and those that failed. */
    private record Outcomes(Set<String> completed, Set<String> failed) {
    }

    /** Waits until at least {@code until} of the jobs have ended, one way or the other. */
    private static Outcomes awaitOutcomes(JobTopics topics, List<StyleJobRequested> jobs, int until,
                                          Duration timeout) {
        List<String> ids = jobs.stream().map(StyleJobRequested::jobId).toList();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Set<String> completed = new HashSet<>(topics.resultKeys(EventType.STYLE_JOB_COMPLETED));
            Set<String> failed = new HashSet<>(topics.resultKeys(EventType.STYLE_JOB_FAILED));
            completed.retainAll(ids);
            failed.retainAll(ids);
            if (completed.size() + failed.size() >= until) {
                return new Outcomes(completed, failed);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + completed.size() + " of " + until + " jobs completed within "
                        + timeout.toSeconds() + " s (" + failed.size() + " failed)");
            }
        }
    }

    private static StyleJobRequested job(ObjectStore store, byte[] png, int width, int height) throws Exception {
        return new StyleJobRequested(1, UUID.randomUUID().toString(), STYLE, null,
                Uploads.put(store, png, width, height), null, null, Instant.now(), "restart-test");
    }
}
