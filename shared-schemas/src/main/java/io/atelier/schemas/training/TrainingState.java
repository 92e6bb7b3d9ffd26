package io.atelier.schemas.training;

/** Where a training run is; {@link #SUCCEEDED} and {@link #FAILED} are terminal. */
public enum TrainingState {
    QUEUED, RUNNING, SUCCEEDED, FAILED;

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED;
    }
}
