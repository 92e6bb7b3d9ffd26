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
     * per operator but burns the cores the worker's I/O threads need; {@code ./atelier bench ort}
     * measures both (BENCHMARKS.md).
     */
    @WithDefault("true")
    boolean intraOpSpinning();

    /** Ask for the CUDA execution provider; the worker falls back to the CPU, and says so, when it is absent. */
    @WithDefault("false")
    boolean cuda();

    /** Styles whose current model must be loaded before the worker reports ready. */
    Optional<List<String>> defaultStyles();

    /** Instance name carried in job-started events; the host name when absent. */
    Optional<String> workerName();
}
