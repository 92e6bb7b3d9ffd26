package io.atelier.inference.messaging;

/** Reactive Messaging channel names; each has its own block in application.properties. */
public final class Channels {

    /** Incoming style jobs ({@code atelier.style-jobs}). */
    public static final String STYLE_JOBS = "style-jobs";
    /** Outgoing started, completed and failed events ({@code atelier.style-job-results}). */
    public static final String JOB_RESULTS = "job-results";
    /** Outgoing dead letters: jobs that failed for good ({@code atelier.style-jobs.dlq}). */
    public static final String DEAD_LETTERS = "style-jobs-dead-letters";

    /** Incoming model-published events ({@code atelier.models}); every replica reads all of them. */
    public static final String MODELS = "models";

    private Channels() {
    }
}
