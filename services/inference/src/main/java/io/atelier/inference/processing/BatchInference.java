package io.atelier.inference.processing;

import ai.onnxruntime.OrtException;
import io.atelier.inference.JobFailure;
import io.atelier.inference.PreparedJob;
import io.atelier.inference.config.InferenceConfig;
import io.atelier.inference.image.ImageCodec;
import io.atelier.inference.model.GeneratorSessions;
import io.atelier.schemas.events.FailureReason;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs prepared jobs through their generators, several at once where they share a model and an image
 * size (one NCHW tensor of up to {@code atelier.inference.batch-size} images and
 * {@code max-batch-pixels} pixels), one at a time otherwise.
 * A batch serves several traces, so each job gets its own span for the call it shared; a model load
 * it causes is recorded under the first job's.
 */
@ApplicationScoped
public class BatchInference {

    /**
     * Outcome of one job.
     *
     * @param output         the generator's output image, or null when failed
     * @param inferenceNanos share of its batch's inference time
     * @param failure        why it failed, or null
     */
    public record Result(BufferedImage output, long inferenceNanos, JobFailure failure) {
    }

    private final GeneratorSessions sessions;
    private final TensorBuffers buffers;
    private final InferenceConfig config;
    private final DistributionSummary batchSizes;
    private final Tracer tracer;

    public BatchInference(GeneratorSessions sessions, TensorBuffers buffers, InferenceConfig config,
                          MeterRegistry meters, Tracer tracer) {
        this.sessions = sessions;
        this.buffers = buffers;
        this.config = config;
        this.tracer = tracer;
        this.batchSizes = DistributionSummary.builder("atelier.inference.batch.size")
                .description("images per inference call").publishPercentileHistogram().register(meters);
    }

    /** Results by job, in no particular order; every job gets one. */
    public Map<PreparedJob, Result> run(List<PreparedJob> jobs) {
        Map<PreparedJob, Result> results = new IdentityHashMap<>();
        Map<PreparedJob.BatchKey, List<PreparedJob>> groups = new LinkedHashMap<>();
        for (PreparedJob job : jobs) {
            groups.computeIfAbsent(job.batchKey(), key -> new ArrayList<>()).add(job);
        }
        for (Map.Entry<PreparedJob.BatchKey, List<PreparedJob>> group : groups.entrySet()) {
            List<PreparedJob> members = group.getValue();
            int perCall = imagesPerCall(group.getKey());
            for (int from = 0; from < members.size(); from += perCall) {
                List<PreparedJob> chunk = members.subList(from, Math.min(members.size(), from + perCall));
                runChunk(group.getKey(), chunk, results);
            }
        }
        return results;
    }

    int imagesPerCall(PreparedJob.BatchKey key) {
        return imagesPerCall(config, key.width(), key.height());
    }

    /** As many images of this size as both limits allow, at least one; public for the benchmark. */
    public static int imagesPerCall(InferenceConfig config, int width, int height) {
        return (int) Math.max(1, Math.min(config.batchSize(), config.maxBatchPixels() / ((long) width * height)));
    }

    private void runChunk(PreparedJob.BatchKey key, List<PreparedJob> chunk, Map<PreparedJob, Result> results) {
        int plane = 3 * key.width() * key.height();
        List<Span> spans = chunk.stream().map(job -> tracer.spanBuilder("generator run").setParent(job.trace())
                .setAttribute("atelier.model", key.style() + "/" + key.version())
                .setAttribute("atelier.batch.size", chunk.size()).startSpan()).toList();
        try (Scope scope = spans.get(0).makeCurrent();
             TensorBuffers.Lease tensors = buffers.acquire(plane * chunk.size());
             GeneratorSessions.InUse generator = sessions.use(key.style(), key.version())) {
            for (int i = 0; i < chunk.size(); i++) {
                ImageCodec.toTensor(chunk.get(i).image(), tensors.input(), i * plane);
            }
            long start = System.nanoTime();
            generator.run(tensors.input(), tensors.output(), chunk.size(), key.height(), key.width());
            long share = (System.nanoTime() - start) / chunk.size();
            batchSizes.record(chunk.size());
            for (int i = 0; i < chunk.size(); i++) {
                BufferedImage image = ImageCodec.fromTensor(tensors.output(), i * plane, key.width(), key.height());
                results.put(chunk.get(i), new Result(image, share, null));
            }
        } catch (JobFailure failure) {
            fail(chunk, spans, failure, results);
        } catch (OrtException | RuntimeException e) {
            fail(chunk, spans, new JobFailure(FailureReason.MODEL_UNAVAILABLE, "model " + key.style() + "/"
                    + key.version() + " failed on " + chunk.size() + " image(s) of " + key.width() + "x"
                    + key.height() + ": " + e.getMessage(), false, e), results);
        } catch (OutOfMemoryError e) {
            fail(chunk, spans, new JobFailure(FailureReason.PROCESSING_ERROR, chunk.size() + " image(s) of "
                    + key.width() + "x" + key.height() + " in one call do not fit in the worker's heap; lower "
                    + "atelier.inference.max-batch-pixels or give workers more heap", true, e), results);
        } finally {
            spans.forEach(Span::end);
        }
    }

    private static void fail(List<PreparedJob> chunk, List<Span> spans, JobFailure failure,
                             Map<PreparedJob, Result> results) {
        chunk.forEach(job -> results.put(job, new Result(null, 0, failure)));
        spans.forEach(span -> span.recordException(failure).setStatus(StatusCode.ERROR, failure.reason().name()));
    }
}
