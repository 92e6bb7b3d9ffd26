package io.atelier.inference.processing;

import io.atelier.common.image.DecodeBudget;
import io.atelier.common.storage.ObjectStore;
import io.atelier.inference.JobFailure;
import io.atelier.inference.PreparedJob;
import io.atelier.inference.StyledImage;
import io.atelier.inference.config.InferenceConfig;
import io.atelier.inference.image.ImageCodec;
import io.atelier.inference.model.ModelRegistry;
import io.atelier.schemas.events.FailureReason;
import io.atelier.schemas.events.ImageRef;
import io.atelier.schemas.events.InlineImage;
import io.atelier.schemas.events.JobTimings;
import io.atelier.schemas.events.ObjectRef;
import io.atelier.schemas.events.OutputFormat;
import io.atelier.schemas.events.OutputOptions;
import io.atelier.schemas.events.StyleJobRequested;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The per-job stages around inference: {@link #prepare} (resolve the model, read and decode the
 * input) and {@link #finish} (encode and store the output under the job's own key, so that a
 * redelivery overwrites the same object). Both run on the worker pool, in parallel across jobs.
 */
@ApplicationScoped
public class StyleJobRunner {

    private final ObjectStore store;
    private final ModelRegistry registry;
    private final InferenceConfig config;
    private final MeterRegistry meters;
    private final DecodeBudget decodeBudget;

    public StyleJobRunner(ObjectStore store, ModelRegistry registry, InferenceConfig config, MeterRegistry meters) {
        this.store = store;
        this.registry = registry;
        this.config = config;
        this.meters = meters;
        this.decodeBudget = new DecodeBudget(config.decodePixels());
    }

    /**
     * @param onStarted told the model version once it is known, before the heavy work
     */
    public PreparedJob prepare(StyleJobRequested job, Instant receivedAt, Consumer<String> onStarted)
            throws JobFailure {
        String version = registry.resolveVersion(job.style(), job.modelVersion());
        onStarted.accept(version);
        long downloadStart = System.nanoTime();
        byte[] input = readInput(job);
        long downloadNanos = System.nanoTime() - downloadStart;

        OutputOptions options = options(job);
        int maxSide = options.maxSide() == null ? config.maxSide() : Math.min(options.maxSide(), config.maxSide());
        long decodeStart = System.nanoTime();
        BufferedImage image = decode(job, input, maxSide);
        timer("decode").record(Duration.ofNanos(System.nanoTime() - decodeStart));
        return new PreparedJob(job, version, image, receivedAt, downloadNanos, Context.current());
    }

    /**
     * An input whose decoded pixels do not fit in the heap fails its own job, retryable (a worker
     * with a larger heap, or a less busy one, may take it), instead of taking its poll down with it.
     */
    private BufferedImage decode(StyleJobRequested job, byte[] input, int maxSide) throws JobFailure {
        try {
            return ImageCodec.decode(input, maxSide, decodeBudget)
                    .map(decoded -> ImageCodec.fitForModel(decoded, maxSide))
                    .orElseThrow(() -> new JobFailure(FailureReason.INPUT_INVALID,
                            "the input of job " + job.jobId() + " is not a decodable PNG or JPEG image", false));
        } catch (OutOfMemoryError e) {
            throw new JobFailure(FailureReason.PROCESSING_ERROR, "the input of job " + job.jobId()
                    + " does not fit in the worker's heap (" + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MiB) when decoded for a longest side of " + maxSide
                    + " px; give workers more heap (-Xmx) or lower atelier.inference.max-side", true, e);
        }
    }

    /** Encodes and stores the output of a prepared job, given its generator's output image. */
    public StyledImage finish(PreparedJob prepared, BufferedImage output, long inferenceNanos) throws JobFailure {
        StyleJobRequested job = prepared.job();
        OutputFormat format = options(job).formatOrDefault();
        long encodeStart = System.nanoTime();
        byte[] encoded = ImageCodec.encode(output, format);
        long uploadStart = System.nanoTime();
        String key = ObjectKeys.resultOutput(job.jobId(), format.extension());
        ObjectRef stored = store.put(Bucket.RESULTS, key, encoded, format.contentType());
        long uploaded = System.nanoTime();

        JobTimings timings = new JobTimings(
                Math.max(0, Duration.between(job.requestedAt(), prepared.receivedAt()).toMillis()),
                toMillis(prepared.downloadNanos()), toMillis(inferenceNanos), toMillis(uploadStart - encodeStart),
                toMillis(uploaded - uploadStart),
                Math.max(0, Duration.between(job.requestedAt(), Instant.now()).toMillis()));
        record(timings);
        return new StyledImage(new ImageRef(stored.bucket(), stored.key(), stored.sha256(), output.getWidth(),
                output.getHeight(), format.contentType()), prepared.modelVersion(), timings);
    }

    private static OutputOptions options(StyleJobRequested job) {
        return job.output() == null ? OutputOptions.DEFAULT : job.output();
    }

    private byte[] readInput(StyleJobRequested job) throws JobFailure {
        if (job.inlineInput() != null) {
            byte[] bytes;
            try {
                bytes = job.inlineInput().decode();
            } catch (IllegalArgumentException e) {
                // the schema checks the alphabet, not the length: "AAAAA" passes it
                throw new JobFailure(FailureReason.INPUT_INVALID, "the inline image is not Base64: " + e.getMessage(),
                        false);
            }
            if (bytes.length > InlineImage.MAX_BYTES) {
                throw new JobFailure(FailureReason.INPUT_INVALID, "the inline image has " + bytes.length
                        + " bytes; the limit is " + InlineImage.MAX_BYTES, false);
            }
            return bytes;
        }
        ImageRef ref = job.input();
        Bucket bucket = Bucket.named(ref.bucket()).orElseThrow(() -> new JobFailure(FailureReason.INPUT_MISSING,
                "bucket '" + ref.bucket() + "' is not an Atelier bucket", false));
        byte[] bytes = store.get(bucket, ref.key()).orElseThrow(() -> new JobFailure(FailureReason.INPUT_MISSING,
                "input s3://" + ref.bucket() + "/" + ref.key() + " of job " + job.jobId() + " does not exist", false));
        if (!ObjectStore.sha256(bytes).equals(ref.sha256())) {
            throw new JobFailure(FailureReason.INPUT_INVALID, "input s3://" + ref.bucket() + "/" + ref.key()
                    + " does not match the SHA-256 in the job", false);
        }
        return bytes;
    }

    private void record(JobTimings timings) {
        timer("queue_wait").record(Duration.ofMillis(timings.queueWaitMs()));
        timer("download").record(Duration.ofMillis(timings.downloadMs()));
        timer("inference").record(Duration.ofMillis(timings.inferenceMs()));
        timer("encode").record(Duration.ofMillis(timings.encodeMs()));
        timer("upload").record(Duration.ofMillis(timings.uploadMs()));
    }

    private Timer timer(String stage) {
        return Timer.builder("atelier.inference.stage").tag("stage", stage).publishPercentileHistogram()
                .register(meters);
    }

    private static long toMillis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }
}
