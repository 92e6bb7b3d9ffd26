package io.atelier.trainer.messaging;

/** Reactive Messaging channel names; each has its own block in application.properties. */
public final class Channels {

    /** Incoming training requests ({@code atelier.training-requests}). */
    public static final String TRAINING_REQUESTS = "training-requests";
    /** Outgoing progress and failure events ({@code atelier.training-events}). */
    public static final String TRAINING_EVENTS = "training-events";
    /** Outgoing model-published events ({@code atelier.models}). */
    public static final String MODELS = "models";
    /** Outgoing requests of orphaned runs, back onto {@code atelier.training-requests} for adoption. */
    public static final String ORPHANED_RUNS = "orphaned-runs";
    /** Outgoing dead letters ({@code atelier.training-requests.dlq}). */
    public static final String DEAD_LETTERS = "training-dead-letters";

    private Channels() {
    }
}
