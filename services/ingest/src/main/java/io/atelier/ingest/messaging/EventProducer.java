package io.atelier.ingest.messaging;

import io.atelier.common.messaging.EventMessages;
import io.atelier.common.rest.Problem;
import io.atelier.ingest.IngestProblem;
import io.atelier.ingest.config.IngestConfig;
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

    /** Fails with a 503 {@code queue-unavailable} problem unless the broker acknowledges in time. */
    public void send(StyleJobRequested job) {
        send(jobs, codec.encode(job), "Job queue unavailable");
    }

    /** Fails with a 503 {@code queue-unavailable} problem unless the broker acknowledges in time. */
    public void send(TrainingRequested request) {
        send(training, codec.encode(request), "Training queue unavailable");
    }

    private void send(MutinyEmitter<byte[]> channel, EncodedEvent event, String title) {
        try {
            channel.sendMessage(EventMessages.event(event)).await().atMost(config.brokerTimeout());
        } catch (RuntimeException e) {
            LOG.warnf("Not queued: %s", e);
            throw new IngestProblem(Problem.of(Response.Status.SERVICE_UNAVAILABLE, "queue-unavailable", title,
                    "the request could not be queued; nothing was kept, try again"), 5);
        }
    }
}
