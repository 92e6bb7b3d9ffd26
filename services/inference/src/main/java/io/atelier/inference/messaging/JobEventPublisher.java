package io.atelier.inference.messaging;

import io.atelier.common.messaging.EventMessages;
import io.atelier.schemas.cloudevents.CloudEventCodec;
import io.atelier.schemas.events.AtelierEvent;
import io.atelier.schemas.events.FailureReason;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.time.temporal.ChronoUnit;

/**
 * Publishes job events and dead letters, each waiting for the broker's acknowledgement, so that the
 * incoming job is acknowledged only after its outcome is durable. A broker that is gone is waited
 * for (the producer's own delivery timeout, then retries with backoff, without end): the job in hand
 * stays unacknowledged rather than failing. Only errors no retry can fix end the attempt.
 */
@ApplicationScoped
@Retry(maxRetries = -1, maxDuration = 0, delay = 500, abortOn = {RecordTooLargeException.class,
        SerializationException.class, AuthorizationException.class, InvalidTopicException.class})
@ExponentialBackoff(maxDelay = 15, maxDelayUnit = ChronoUnit.SECONDS)
public class JobEventPublisher {

    static final String SOURCE = "/atelier/inference";

    private final MutinyEmitter<byte[]> results;
    private final MutinyEmitter<byte[]> deadLetters;
    private final CloudEventCodec codec = new CloudEventCodec(SOURCE);

    public JobEventPublisher(@Channel(Channels.JOB_RESULTS) MutinyEmitter<byte[]> results,
                             @Channel(Channels.DEAD_LETTERS) MutinyEmitter<byte[]> deadLetters) {
        this.results = results;
        this.deadLetters = deadLetters;
    }

    /** Publishes an event caused by a job, in the current (the job's) trace. */
    public void publish(AtelierEvent event) {
        results.sendMessageAndAwait(EventMessages.event(codec.encode(event)));
    }

    public void deadLetter(KafkaRecord<?, byte[]> original, FailureReason reason, String message) {
        deadLetters.sendMessageAndAwait(EventMessages.deadLetter(original, reason, message));
    }
}
