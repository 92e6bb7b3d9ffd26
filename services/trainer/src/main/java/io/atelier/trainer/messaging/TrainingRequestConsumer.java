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
import io.atelier.trainer.config.TrainerConfig;
import io.atelier.trainer.storage.RunStore;
import io.atelier.trainer.training.RunLease;
import io.atelier.trainer.training.TrainingExecutor;
import io.atelier.trainer.training.TrainingSession;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Takes training requests. A run can take hours, so the request is acknowledged as soon as the run
 * is recorded in object storage, and trained off the consumer thread: the consumer stays responsive
 * and no record waits unacknowledged. A request that cannot be run gets a failure event and a dead
 * letter. A request for a run that already has a record is the hand-back of an orphaned run (or a
 * redelivery): the run is adopted only when its record shows that nobody holds it, and failed
 * instead when it has been adopted {@code max-adoptions} times without advancing.
 */
@ApplicationScoped
public class TrainingRequestConsumer {

    private static final Logger LOG = Logger.getLogger(TrainingRequestConsumer.class);

    private final RunStore runs;
    private final TrainingExecutor executor;
    private final TrainingEventPublisher publisher;
    private final RunLease lease;
    private final TrainingSession session;
    private final TrainerConfig config;

    public TrainingRequestConsumer(RunStore runs, TrainingExecutor executor, TrainingEventPublisher publisher,
                                   RunLease lease, TrainingSession session, TrainerConfig config) {
        this.runs = runs;
        this.executor = executor;
        this.publisher = publisher;
        this.lease = lease;
        this.session = session;
        this.config = config;
    }

    @Incoming(Channels.TRAINING_REQUESTS)
    @Blocking
    public CompletionStage<Void> onRequest(KafkaRecord<String, byte[]> record) {
        TrainingRequested request;
        TrainingPlan plan;
        try {
            request = CloudEventCodec.decode(KafkaCloudEvents.fromHeaders(record.getHeaders()), record.getPayload(),
                    TrainingRequested.class);
            plan = TrainingPlan.of(request.profile()).with(request.parameters());
        } catch (InvalidEventException | IllegalArgumentException e) {
            String message = "rejected training request " + record.getKey() + " at " + EventMessages.describe(record)
                    + ": " + e.getMessage();
            LOG.warn(message);
            publisher.failed(new TrainingFailed(TrainingFailed.SCHEMA_VERSION, null, null, 0,
                    FailureReason.MALFORMED_EVENT, message, Instant.now()));
            publisher.deadLetter(record, FailureReason.MALFORMED_EVENT, message);
            return record.ack();
        }
        Optional<TrainingRun> existing = runs.find(request.runId());
        if (existing.isEmpty()) {
            runs.record(new TrainingRun(request.runId(), request.style(), TrainingState.QUEUED, request, 0,
                    plan.steps(), null, Map.of(), null, null, 0, Instant.now()));
            executor.submit(request.runId());
        } else if (existing.get().state().terminal() || executor.isActive(request.runId())) {
            LOG.infof("Run %s is %s; its repeated request changes nothing", request.runId(),
                    executor.isActive(request.runId()) ? "held here" : existing.get().state());
        } else if (lease.orphaned(existing.get(), Instant.now())) {
            adopt(existing.get());
        } else {
            LOG.infof("Run %s is held by another replica (record from %s); not taken", request.runId(),
                    existing.get().updatedAt());
        }
        return record.ack();
    }

    /** Takes over a run whose replica went away, unless it has taken down too many already. */
    private void adopt(TrainingRun orphan) {
        if (orphan.adoptions() >= config.maxAdoptions()) {
            String message = "run adopted " + orphan.adoptions() + " times at step " + orphan.step()
                    + " without advancing: its trainer went away each time, most likely killed by the run (out of"
                    + " memory?); retrain with a smaller cropSize or batchSize";
            LOG.warnf("Run %s (%s): %s", orphan.runId(), orphan.style(), message);
            session.recordFailure(orphan, FailureReason.PROCESSING_ERROR, message);
            return;
        }
        // the record is written at once so that no other replica takes it too
        runs.save(orphan.adopted());
        LOG.infof("Adopting run %s (%s) at step %d (adoption %d)", orphan.runId(), orphan.style(), orphan.step(),
                orphan.adoptions() + 1);
        executor.submit(orphan.runId());
    }
}
