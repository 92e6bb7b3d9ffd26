package io.atelier.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import io.atelier.generator.evaluation.QualityThresholds;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** How the trainer runs training. */
@ConfigMapping(prefix = "atelier.trainer")
public interface TrainerConfig {

    /** Runs trained at once by one replica; more replicas share requests through the consumer group. */
    @WithDefault("1")
    int concurrentRuns();

    /** {@code auto}, {@code cpu} or {@code gpu}; resolved when the trainer starts, which fails if it cannot be had. */
    @WithDefault("auto")
    DeviceChoice device();

    /**
     * Content photos a run holds in memory at most; a larger corpus is sampled with the run's seed.
     * About 1 MB each at 512 x 512.
     */
    @WithDefault("1000")
    int maxCorpusImages();

    /** Steps between training-progress events. */
    @WithDefault("10")
    int progressEvery();

    /** Steps between sample grids written to the training bucket. */
    @WithDefault("100")
    int sampleEvery();

    /** Steps between checkpoints; one is also written at the end. */
    @WithDefault("100")
    int checkpointEvery();

    /**
     * Whether this replica looks for orphaned runs (unfinished, and their record not written for
     * {@link #orphanAfter()}: the replica that held them is gone) at start and every
     * {@link #orphanScan()}, and hands each back to the consumer group, which gives it to one replica.
     */
    @WithDefault("true")
    boolean adoptOrphans();

    /** How often a replica rewrites the record of each run it holds, training or waiting, as a heartbeat. */
    @WithDefault("30s")
    Duration heartbeat();

    /** A run whose record is older than this is orphaned; keep it several heartbeats long. */
    @WithDefault("3m")
    Duration orphanAfter();

    /** How often to look for orphaned runs. */
    @WithDefault("1m")
    Duration orphanScan();

    /**
     * Adoptions a run may have without its step advancing; at the next one it fails instead. Its
     * replica went away each time, most likely killed by the run itself (out of memory: lower the
     * crop size or batch), and adopting it again would take the next replica down too.
     */
    @WithDefault("3")
    int maxAdoptions();

    /**
     * The quality gate: every new version (trained or imported) is run on the held-out photos and
     * measured; one that misses a threshold is stored but the style's current pointer stays, until an
     * admin promotes it.
     */
    QualityGate qualityGate();

    /** Thresholds of the quality gate, on the medians over the held-out photos (README, "Quality report"). */
    interface QualityGate {

        /** Off: versions are still evaluated, but every one becomes current at once. */
        @WithDefault("true")
        boolean enabled();

        /** Lowest median luminance SSIM to the photo; the quick profile measured 0.45 to 0.50. */
        @WithDefault("" + QualityThresholds.MIN_SSIM)
        double minSsim();

        /** Highest median border ratio (above 1: a frame); the quick profile measured 0.92 to 1.11. */
        @WithDefault("" + QualityThresholds.MAX_BORDER_RATIO)
        double maxBorderRatio();

        /**
         * Highest style ratio (colour distance to the style image, after over before); the quick profile
         * measured 0.58 to 0.69. Not applied to imports, which come without a style image.
         */
        @WithDefault("" + QualityThresholds.MAX_STYLE_RATIO)
        double maxStyleRatio();

        /** Training profiles whose versions are evaluated but never held back: tiny (tests) learns too little to judge. */
        @WithDefault("tiny")
        Set<String> exemptProfiles();
    }

    /** Key for the admin API (model import and rollback), sent as {@code X-API-Key}; the API is closed without one. */
    Optional<String> adminKey();
}
