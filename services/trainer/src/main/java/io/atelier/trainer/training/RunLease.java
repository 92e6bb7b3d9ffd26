package io.atelier.trainer.training;

import io.atelier.schemas.training.TrainingRun;
import io.atelier.trainer.config.TrainerConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * Who holds a run, told by its record's age: the holder rewrites the record at least every
 * heartbeat, so an unfinished run whose record is older than {@code orphan-after} has lost its
 * replica. Object storage offers no lock; the consumer group makes the adoption exclusive instead.
 */
@ApplicationScoped
public class RunLease {

    private final TrainerConfig config;

    public RunLease(TrainerConfig config) {
        this.config = config;
    }

    /** Unfinished, and nobody has written its record for longer than {@code orphan-after}. */
    public boolean orphaned(TrainingRun run, Instant now) {
        return !run.state().terminal()
                && (run.updatedAt() == null || run.updatedAt().plus(config.orphanAfter()).isBefore(now));
    }

    /** Whether the holder should write the record again. */
    public boolean due(TrainingRun run, Instant now) {
        return run.updatedAt() == null || !run.updatedAt().plus(config.heartbeat()).isAfter(now);
    }
}
