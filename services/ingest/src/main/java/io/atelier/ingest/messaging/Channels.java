package io.atelier.ingest.messaging;

/** Reactive Messaging channel names; each has its own block in application.properties. */
public final class Channels {

    /** Outgoing style jobs ({@code atelier.style-jobs}). */
    public static final String STYLE_JOBS = "style-jobs";

    /** Outgoing training requests ({@code atelier.training-requests}). */
    public static final String TRAINING_REQUESTS = "training-requests";

    private Channels() {
    }
}
