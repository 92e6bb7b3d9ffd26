package io.atelier.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** How the trainer runs training. */
@ConfigMapping(prefix = "atelier.trainer")
public interface TrainerConfig {

    /** Runs trained at once by one replica; more replicas share requests through the consumer group. */
    @WithDefault("1")
    int concurrentRuns();

    /** {@code auto} (a CUDA GPU when DJL's engine sees one, else the CPU), {@code cpu} or {@code gpu}. */
    @WithDefault("auto")
    String device();

    /** Steps between training-progress events. */
    @WithDefault("10")
    int progressEvery();

    /** Steps between sample grids written to the training bucket. */
    @WithDefault("100")
    int sampleEvery();

    /** Steps between checkpoints; one is also written at the end. */
    @WithDefault("100")
    int checkpointEvery();

    /** Whether a starting trainer resumes the runs that the store shows as unfinished. */
    @WithDefault("true")
    boolean resumeOnStart();

    /** Key for the admin API (model rollback), sent as {@code X-API-Key}; the API is closed without one. */
    Optional<String> adminKey();
}
