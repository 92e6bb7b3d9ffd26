package io.atelier.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/** How the inference worker runs models. */
@ConfigMapping(prefix = "atelier.inference")
public interface InferenceConfig {

    /**
     * Longest side of an image the worker will run, in pixels. Larger inputs are scaled down to it
     * before inference (no tiling), which bounds memory per job; a job may ask for less.
     */
    @WithDefault("1024")
    int maxSide();

    /**
     * Most images in one inference call. Jobs batch when they share a model and an image size; a batch
     * is what one poll brings (at most {@code max.poll.records} of the style-jobs channel), so the wait
     * for a batch is bounded by the channel's {@code fetch.max.wait.ms}.
     */
    @WithDefault("8")
    int batchSize();

    /**
     * Most pixels (width x height, summed over the images) in one inference call: a batch of larger
     * images is run as several calls. ONNX Runtime's buffers grow with the pixels of a call, not the
     * number of jobs, so this bounds the worker's memory where {@link #batchSize()} cannot: 8 images of
     * 512 px in one call took the worker to 1.2-1.7 GiB, in calls of two to 0.77-0.87 GiB, in calls of
     * one (the default: one image of 512 px or four of 256 px) to about 0.6 GiB with the fleet's heap
     * and memory patterns off, at rates the runs could not tell apart, though a tenth less at 512 px is not
     * ruled out (BENCHMARKS.md, "Memory by default"). One image larger than this runs alone.
     */
    @WithDefault("262144")
    long maxBatchPixels();

    /**
     * Most pixels the worker's threads hold decoded at once, summed over the images being decoded
     * (before they are fitted to {@link #maxSide()}). A decode's peak is the decoder's raster plus its
     * packed copy, 7 bytes a pixel and more, so this bounds the heap that decoding takes whatever the
     * uploads are: decodes past it wait their turn, and an image larger than all of it decodes alone.
     * The default is one image of twice 1024 px, the largest decoded whole at the default
     * {@code max-side}, or many ordinary ones at once.
     */
    @WithDefault("4194304")
    long decodePixels();

    /** Threads that download, decode, encode and upload beside inference. */
    @WithDefault("4")
    int ioThreads();

    /** Model sessions kept open at once; the least recently used one is closed first. */
    @WithDefault("4")
    int sessionCacheSize();

    /** Threads ONNX Runtime uses inside one operator; 0 lets it choose. */
    @WithDefault("0")
    int intraOpThreads();

    /** Threads ONNX Runtime uses across operators; 0 lets it choose. */
    @WithDefault("0")
    int interOpThreads();

    /**
     * Whether ONNX Runtime's intra-op threads spin while they wait for work. Spinning saves a wake-up
     * per operator but burns the cores the worker's I/O threads need: off by default, because beside a
     * busy thread the model ran 1.2x to 1.4x faster without it ({@code ./atelier bench ort},
     * BENCHMARKS.md). Worth turning on where ONNX Runtime has cores to itself.
     */
    @WithDefault("false")
    boolean intraOpSpinning();

    /**
     * ONNX Runtime's CPU memory arena, which keeps freed buffers for the next run. Off (together with
     * {@link #memoryPattern()}), buffers are freed after each run: that lowered the worker's RSS between
     * batches (1.56 to 0.77 GiB after 512 px batches of 8) but not its peak, and halved the rate at
     * 512 px (BENCHMARKS.md), so it is on by default.
     */
    @WithDefault("true")
    boolean cpuArena();

    /**
     * ONNX Runtime's memory-pattern planning: one block for all of a run's buffers, planned and kept
     * per input shape, on top of the arena. Off by default: in three runs side by side it lowered the
     * worker's peak RSS by 20 to 70 MiB (to 538-593 MiB) with no rate difference the runs could show
     * (BENCHMARKS.md, "Memory by default").
     */
    @WithDefault("false")
    boolean memoryPattern();

    /** Ask for the CUDA execution provider; the worker falls back to the CPU, and says so, when it is absent. */
    @WithDefault("false")
    boolean cuda();

    /** Styles whose current model must be loaded before the worker reports ready. */
    Optional<List<String>> defaultStyles();

    /** Instance name carried in job-started events; the host name when absent. */
    Optional<String> workerName();
}
