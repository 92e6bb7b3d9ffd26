package io.atelier.trainer.messaging;

import io.atelier.common.messaging.EventMessages;
import io.atelier.schemas.cloudevents.CloudEventCodec;
import io.atelier.schemas.events.FailureReason;
import io.atelier.schemas.events.ModelPublished;
import io.atelier.schemas.events.TrainingFailed;
import io.atelier.schemas.events.TrainingProgress;
import io.atelier.schemas.events.TrainingRequested;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import java.time.temporal.ChronoUnit;

/**
 * Publishes the trainer's events. The ones that end a run (published, failed, its dead letter) wait for
 * the broker's acknowledgement and are sent again until it comes: a broker that is away delays the end
 * of a run, it must not turn a published model into a failed run. Progress is not awaited: it is for
 * watchers, and a run must not stall or fail for it.
 */
@ApplicationScoped
public class TrainingEventPublisher {

    private static final Logger LOG = Logger.getLogger(TrainingEventPublisher.class);

    private final MutinyEmitter<byte[]> events;
    private final MutinyEmitter<byte[]> models;
    private final MutinyEmitter<byte[]> deadLetters;
    private final MutinyEmitter<byte[]> orphans;
    private final CloudEventCodec codec = new CloudEventCodec("/atelier/trainer");

    public TrainingEventPublisher(@Channel(Channels.TRAINING_EVENTS) MutinyEmitter<byte[]> events,
                                  @Channel(Channels.MODELS) MutinyEmitter<byte[]> models,
                                  @Channel(Channels.DEAD_LETTERS) MutinyEmitter<byte[]> deadLetters,
                                  @Channel(Channels.ORPHANED_RUNS) MutinyEmitter<byte[]> orphans) {
        this.events = events;
        this.models = models;
        this.deadLetters = deadLetters;
        this.orphans = orphans;
    }

    /** An orphaned run's request, again on the requests topic: the consumer group picks one adopter. */
    public void resubmit(TrainingRequested request) {
        orphans.sendMessageAndAwait(EventMessages.event(codec.encode(request)));
    }

    public void progress(TrainingProgress progress) {
        events.sendMessage(EventMessages.event(codec.encode(progress))).subscribe().with(sent -> { },
                failure -> LOG.debugf("Progress of run %s at step %d not sent: %s", progress.runId(), progress.step(),
                        failure.getMessage()));
    }

    @Retry(maxRetries = -1, maxDuration = 0, delay = 1, delayUnit = ChronoUnit.SECONDS,
            abortOn = IllegalArgumentException.class)
    @ExponentialBackoff(maxDelay = 30, maxDelayUnit = ChronoUnit.SECONDS)
    public void failed(TrainingFailed failed) {
        events.sendMessageAndAwait(EventMessages.event(codec.encode(failed)));
    }

    /**
     * Completes once the broker has the announcement; until then it is sent again, as the other ending
     * events are, but without holding the caller's thread, which keeps the run's record fresh meanwhile.
     */
    @AsynchronousNonBlocking
    @Retry(maxRetries = -1, maxDuration = 0, delay = 1, delayUnit = ChronoUnit.SECONDS,
            abortOn = IllegalArgumentException.class)
    @ExponentialBackoff(maxDelay = 30, maxDelayUnit = ChronoUnit.SECONDS)
    public Uni<Void> published(ModelPublished published) {
        return models.sendMessage(EventMessages.event(codec.encode(published)));
    }

    public void deadLetter(KafkaRecord<?, byte[]> original, FailureReason reason, String message) {
        deadLetters.sendMessageAndAwait(EventMessages.deadLetter(original, reason, message));
    }

    /** The request of a run that failed after it was acknowledged, so that it is not lost. */
    @Retry(maxRetries = -1, maxDuration = 0, delay = 1, delayUnit = ChronoUnit.SECONDS,
            abortOn = IllegalArgumentException.class)
    @ExponentialBackoff(maxDelay = 30, maxDelayUnit = ChronoUnit.SECONDS)
    public void deadLetter(TrainingRequested request, FailureReason reason, String message) {
        deadLetters.sendMessageAndAwait(EventMessages.deadLetter(codec.encode(request), reason, message));
    }
}
