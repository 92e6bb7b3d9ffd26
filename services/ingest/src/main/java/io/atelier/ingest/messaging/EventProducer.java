package io.atelier.ingest.messaging;

import io.atelier.common.messaging.EventMessages;
import io.atelier.common.rest.Problem;
import io.atelier.ingest.IngestProblem;
import io.atelier.ingest.config.IngestConfig;
import io.atelier.ingest.storage.StagedObjects;
import io.atelier.schemas.cloudevents.CloudEventCodec;
import io.atelier.schemas.cloudevents.EncodedEvent;
import io.atelier.schemas.events.StyleJobRequested;
import io.atelier.schemas.events.TrainingRequested;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Queues jobs and training requests and waits for the broker's acknowledgement (acks=all,
 * idempotent producer), so that a 202 means the request is durable. The event is sent in the request's
 * trace (OpenTelemetry continues the caller's {@code traceparent} or starts one).
 */
@ApplicationScoped
public class EventProducer {

    private static final Logger LOG = Logger.getLogger(EventProducer.class);

    private final MutinyEmitter<byte[]> jobs;
    private final MutinyEmitter<byte[]> training;
    private final IngestConfig config;
    private final CloudEventCodec codec = new CloudEventCodec("/atelier/ingest");

    public EventProducer(@Channel(Channels.STYLE_JOBS) MutinyEmitter<byte[]> jobs,
                         @Channel(Channels.TRAINING_REQUESTS) MutinyEmitter<byte[]> training, IngestConfig config) {
        this.jobs = jobs;
        this.training = training;
        this.config = config;
    }

    /**
     * A send the broker did not confirm in time. Kafka cannot tell whether such a record was written: a
     * frozen or restarted broker may append it later (the producer's own timeout does not withdraw it). So
     * what the request stored stays for the event to find; deleting it made such late jobs fail as
     * {@code INPUT_MISSING} (3 and 4 in two runs of the fault suite, RELIABILITY.md).
     */
    public static final class Unconfirmed extends IngestProblem implements StagedObjects.Unconfirmed {
        Unconfirmed(String title, String detail) {
            super(Problem.of(Response.Status.SERVICE_UNAVAILABLE, "queue-unavailable", title, detail), 5);
        }
    }

    /** Throws {@link Unconfirmed} (a 503 {@code queue-unavailable} problem) unless the broker acknowledges in time. */
    public void send(StyleJobRequested job) {
        send(jobs, codec.encode(job), "Job queue unavailable", "the broker did not confirm the job in time, so it may"
                + " still run; retry with the same Idempotency-Key to reach this job (a retry without one queues a"
                + " second job)");
    }

    /** Throws {@link Unconfirmed} (a 503 {@code queue-unavailable} problem) unless the broker acknowledges in time. */
    public void send(TrainingRequested request) {
        send(training, codec.encode(request), "Training queue unavailable", "the broker did not confirm the request"
                + " in time, so it may still train; retry with the same Idempotency-Key to reach this run (without one,"
                + " see GET /api/v1/styles/" + request.style() + " before asking again)");
    }

    private void send(MutinyEmitter<byte[]> channel, EncodedEvent event, String title, String detail) {
        try {
            channel.sendMessage(EventMessages.event(event)).await().atMost(config.brokerTimeout());
        } catch (RuntimeException e) {
            LOG.warnf("Not confirmed by the broker: %s", e);
            throw new Unconfirmed(title, detail);
        }
    }
}
