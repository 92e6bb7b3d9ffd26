package io.atelier.inference.processing;

import com.sun.management.ThreadMXBean;
import io.atelier.common.storage.ObjectStore;
import io.atelier.inference.PreparedJob;
import io.atelier.inference.model.TestGenerators;
import io.atelier.schemas.events.StyleJobRequested;
import io.atelier.testsupport.AtelierStackResource;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.atelier.inference.TestImages.directRun;
import static io.atelier.inference.TestImages.maxChannelDifference;
import static io.atelier.inference.TestImages.randomImage;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(AtelierStackResource.class)
class BatchInferenceTest {

    static final String STYLE = "test-batch";

    @Inject
    BatchInference inference;

    @Inject
    ObjectStore store;

    @Inject
    MeterRegistry meters;

    @Test
    void jobsOfOneModelAndSizeShareACallAndEachGetsItsOwnOutput() throws Exception {
        TestGenerators.publish(store, STYLE, "v1", TestGenerators.channelRotation());
        List<PreparedJob> jobs = List.of(prepared(randomImage(20, 12, 1)), prepared(randomImage(20, 12, 2)),
                prepared(randomImage(8, 8, 3)), prepared(randomImage(20, 12, 4)));
        DistributionSummary batches = meters.find("atelier.inference.batch.size").summary();
        long callsBefore = batches == null ? 0 : batches.count();

        Map<PreparedJob, BatchInference.Result> results = inference.run(jobs);

        for (PreparedJob job : jobs) {
            BatchInference.Result result = results.get(job);
            assertThat(result.failure()).isNull();
            BufferedImage expected = directRun(TestGenerators.channelRotation(), job.image());
            BufferedImage actual = result.output();
            assertThat(maxChannelDifference(actual, expected)).as(job.job().jobId()).isZero();
        }
        DistributionSummary after = meters.find("atelier.inference.batch.size").summary();
        assertThat(after.count() - callsBefore).as("one call per size").isEqualTo(2);
        assertThat(after.max()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void imagesWhosePixelsPassTheBudgetTogetherRunInSeveralCalls() throws Exception {
        TestGenerators.publish(store, STYLE, "v1", TestGenerators.channelRotation());
        assertThat(inference.imagesPerCall(new PreparedJob.BatchKey(STYLE, "v1", 128, 128))).isEqualTo(8);
        assertThat(inference.imagesPerCall(new PreparedJob.BatchKey(STYLE, "v1", 256, 256))).isEqualTo(4);
        assertThat(inference.imagesPerCall(new PreparedJob.BatchKey(STYLE, "v1", 512, 512))).isEqualTo(1);
        assertThat(inference.imagesPerCall(new PreparedJob.BatchKey(STYLE, "v1", 1024, 1024))).isEqualTo(1);
        List<PreparedJob> jobs = new ArrayList<>();
        for (int seed = 7; seed < 13; seed++) {
            jobs.add(prepared(randomImage(256, 256, seed)));
        }
        DistributionSummary batches = meters.find("atelier.inference.batch.size").summary();
        long callsBefore = batches == null ? 0 : batches.count();

        Map<PreparedJob, BatchInference.Result> results = inference.run(jobs);

        for (PreparedJob job : jobs) {
            BufferedImage expected = directRun(TestGenerators.channelRotation(), job.image());
            BufferedImage actual = results.get(job).output();
            assertThat(maxChannelDifference(actual, expected)).as(job.job().jobId()).isZero();
        }
        assertThat(meters.find("atelier.inference.batch.size").summary().count() - callsBefore)
                .as("six images of 65,536 pixels against a budget of 262,144: four, then two").isEqualTo(2);
    }

    @Test
    void aCallOfA512PxImageMakesNoTensorOnTheHeapNorANewDirectBuffer() {
        TestGenerators.publish(store, STYLE, "v1", TestGenerators.channelRotation());
        inference.run(List.of(prepared(randomImage(512, 512, 21))));
        PreparedJob job = prepared(randomImage(512, 512, 22));
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).findFirst().orElseThrow();
        long directBefore = direct.getMemoryUsed();
        long heapBefore = threads.getCurrentThreadAllocatedBytes();

        Map<PreparedJob, BatchInference.Result> results = inference.run(List.of(job));

        long heap = threads.getCurrentThreadAllocatedBytes() - heapBefore;
        long newDirect = direct.getMemoryUsed() - directBefore;
        assertThat(results.get(job).failure()).isNull();
        long tensor = 3L * 512 * 512 * Float.BYTES;
        assertThat(heap).as("heap bytes of the call: its 1 MiB output image and small objects, no %d-byte tensor",
                tensor).isLessThan(tensor / 2);
        assertThat(newDirect).as("direct bytes taken by the second call of the same size").isLessThan(tensor);
    }

    @Test
    void anUnloadableModelFailsItsJobsOnly() {
        TestGenerators.publish(store, "test-broken", "v1", "not an onnx model".getBytes());
        TestGenerators.publish(store, STYLE, "v1", TestGenerators.channelRotation());
        PreparedJob broken = new PreparedJob(job("test-broken"), "v1", randomImage(8, 8, 5), Instant.now(), 0, Context.root());
        PreparedJob fine = prepared(randomImage(8, 8, 6));

        Map<PreparedJob, BatchInference.Result> results = inference.run(List.of(broken, fine));

        assertThat(results.get(broken).failure().reason().name()).isEqualTo("MODEL_UNAVAILABLE");
        assertThat(results.get(fine).failure()).isNull();
    }

    private static PreparedJob prepared(BufferedImage image) {
        return new PreparedJob(job(STYLE), "v1", image, Instant.now(), 0, Context.root());
    }

    private static StyleJobRequested job(String style) {
        return new StyleJobRequested(1, UUID.randomUUID().toString(), style, null, null, null, null, Instant.now(),
                "test");
    }
}
