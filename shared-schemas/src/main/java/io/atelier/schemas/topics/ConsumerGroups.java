package io.atelier.schemas.topics;

/**
 * Kafka consumer groups that another service depends on, kept apart from {@link Topics} because a
 * group is not a topic and has no entry in {@code atelier/topics.json}.
 */
public final class ConsumerGroups {

    /**
     * The inference workers on {@link Topics#STYLE_JOBS}. Its lag is the fleet's job backlog, which
     * the gateway reads to refuse uploads once the queue is full.
     */
    public static final String STYLE_JOB_WORKERS = "atelier-inference";

    private ConsumerGroups() {
    }
}
