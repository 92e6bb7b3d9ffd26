package io.atelier.trainer.messaging;

import io.atelier.common.messaging.EventMessages;
import io.atelier.schemas.cloudevents.CloudEventCodec;
import io.atelier.schemas.cloudevents.KafkaCloudEvents;
import io.atelier.schemas.events.FailureReason;
import io.atelier.schemas.events.TrainingFailed;
import io.atelier.schemas.events.TrainingRequested;
import io.atelier.schemas.json.InvalidEventException;
import io.atelier.schemas.training.TrainingRun;
import io.atelier.schemas.training.TrainingState;
import io.atelier.trainer.TrainingPlan;
import io.atelier.trainer.storage.RunStore;
import io.atelier.trainer.training.TrainingExecutor;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Takes training requests. A run can take hours, so the request is acknowledged as soon as the run
 * is recorded in object storage, and trained off the consumer thread: the consumer stays responsive
 * and no record waits unacknowledged. A request that cannot be run gets a failure event and a dead
 * letter.
 */
@ApplicationScoped
public class TrainingRequestConsumer {

    private static final Logger LOG = Logger.getLogger(TrainingRequestConsumer.class);

    private final RunStore runs;
    private final TrainingExecutor executor;
    private final TrainingEventPublisher publisher;

    public TrainingRequestConsumer(RunStore runs, TrainingExecutor executor, TrainingEventPublisher publisher) {
        this.runs = runs;
        this.executor = executor;
        this.publisher = publisher;
    }

    @Incoming(Channels.TRAINING_REQUESTS)
    @Blocking
    public CompletionStage<Void> onRequest(KafkaRecord<String, byte[]> record) {
        TrainingRequested request;
        TrainingPlan plan;
        try {
            request = CloudEventCodec.decode(KafkaCloudEvents.fromHeaders(record.getHeaders()), record.getPayload(),
                    TrainingRequested.class);
            plan = TrainingPlan.profile(request.profile()).with(request.parameters());
        } catch (InvalidEventException | IllegalArgumentException e) {
            String message = "rejected training request " + record.getKey() + " at " + EventMessages.describe(record)
                    + ": " + e.getMessage();
            LOG.warn(message);
            publisher.failed(new TrainingFailed(TrainingFailed.SCHEMA_VERSION, null, null, 0,
                    FailureReason.MALFORMED_EVENT, message, Instant.now()));
            publisher.deadLetter(record, FailureReason.MALFORMED_EVENT, message);
            return record.ack();
        }
        if (runs.find(request.runId()).isEmpty()) {
            runs.save(new TrainingRun(request.runId(), request.style(), TrainingState.QUEUED, request, 0, plan.steps(),
                    null, Map.of(), null, null, Instant.now()));
        }
        executor.submit(request.runId());
        return record.ack();
    }
}
