package io.atelier.ingest.messaging;

import io.atelier.common.messaging.EventMessages;
import io.atelier.ingest.config.IngestConfig;
import io.atelier.schemas.cloudevents.CloudEventCodec;
import io.atelier.schemas.cloudevents.TraceParent;
import io.atelier.schemas.events.StyleJobRequested;
import io.atelier.schemas.events.TrainingRequested;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Queues jobs and training requests and waits for the broker's acknowledgement (acks=all,
 * idempotent producer), so that a 202 means the request is durable.
 */
@ApplicationScoped
public class EventProducer {

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

    /** Throws when the broker did not acknowledge within the configured time. */
    public void send(StyleJobRequested job, TraceParent trace) {
        jobs.sendMessage(EventMessages.event(codec.encode(job), trace)).await().atMost(config.brokerTimeout());
    }

    /** Throws when the broker did not acknowledge within the configured time. */
    public void send(TrainingRequested request, TraceParent trace) {
        training.sendMessage(EventMessages.event(codec.encode(request), trace)).await()
                .atMost(config.brokerTimeout());
    }
}
