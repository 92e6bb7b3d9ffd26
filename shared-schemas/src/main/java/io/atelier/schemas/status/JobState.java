package io.atelier.schemas.status;

/** Where a style job is; {@link #SUCCEEDED} and {@link #FAILED} are terminal. */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED;

    public boolean terminal() {
        return this == SUCCEEDED || this == FAILED;
    }
}
