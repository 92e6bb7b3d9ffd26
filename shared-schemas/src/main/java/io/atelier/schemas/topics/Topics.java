package io.atelier.schemas.topics;

/**
 * Kafka topic names. The partitions, retention and dead-letter pairing of each topic are in the
 * checked-in spec {@code atelier/topics.json}, read by {@link TopicSpec}; a test keeps the two equal.
 */
public final class Topics {

    /** {@code StyleJobRequested}, keyed by job id. */
    public static final String STYLE_JOBS = "atelier.style-jobs";
    /** Style jobs that could not be processed: the original record, the error in headers. */
    public static final String STYLE_JOBS_DLQ = "atelier.style-jobs.dlq";
    /** {@code StyleJobStarted}, {@code StyleJobCompleted} and {@code StyleJobFailed}, keyed by job id. */
    public static final String STYLE_JOB_RESULTS = "atelier.style-job-results";
    /** {@code TrainingRequested}, keyed by style name. */
    public static final String TRAINING_REQUESTS = "atelier.training-requests";
    /** Training requests that could not be processed. */
    public static final String TRAINING_REQUESTS_DLQ = "atelier.training-requests.dlq";
    /** {@code TrainingProgress} and {@code TrainingFailed}, keyed by style name. */
    public static final String TRAINING_EVENTS = "atelier.training-events";
    /** {@code ModelPublished}, keyed by style name. */
    public static final String MODELS = "atelier.models";

    private Topics() {
    }
}
