package io.atelier.inference.messaging;

import io.atelier.inference.JobFailure;
import io.atelier.inference.model.GeneratorSessions;
import io.atelier.inference.model.ModelRegistry;
import io.atelier.schemas.cloudevents.CloudEventCodec;
import io.atelier.schemas.cloudevents.KafkaCloudEvents;
import io.atelier.schemas.events.ModelPublished;
import io.atelier.schemas.json.InvalidEventException;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletionStage;

/**
 * Loads and warms a newly published model version as soon as it is announced, so that the first
 * jobs on it do not wait for the load, and makes the registry read the style's pointer again. Jobs
 * switch by that pointer; a failed preload only means the first job loads the model itself. A version
 * the quality gate held back is not current, so it is not loaded (until a promotion announces it again).
 */
@ApplicationScoped
public class ModelPublishedListener {

    private static final Logger LOG = Logger.getLogger(ModelPublishedListener.class);

    private final GeneratorSessions sessions;
    private final ModelRegistry registry;

    public ModelPublishedListener(GeneratorSessions sessions, ModelRegistry registry) {
        this.sessions = sessions;
        this.registry = registry;
    }

    @Incoming(Channels.MODELS)
    @Blocking
    public CompletionStage<Void> onPublished(Message<byte[]> message) {
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordMetadata<String, byte[]> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("not a Kafka record"));
        try {
            ModelPublished published = CloudEventCodec.decode(KafkaCloudEvents.fromHeaders(record.getHeaders()),
                    message.getPayload(), ModelPublished.class);
            registry.forgetCurrentVersion(published.style());
            if (!published.becameCurrent()) {
                // held back by the trainer's quality gate: no job uses it, so it must not take a cache slot
                LOG.infof("Not preloading model %s/%s: held back by the quality gate", published.style(),
                        published.version());
                return message.ack();
            }
            sessions.get(published.style(), published.version());
            LOG.infof("Preloaded model %s/%s on its publication", published.style(), published.version());
        } catch (InvalidEventException e) {
            LOG.warnf("Ignoring an invalid model-published record at %s/%d@%d: %s", record.getTopic(),
                    record.getPartition(), record.getOffset(), e.getMessage());
        } catch (JobFailure e) {
            LOG.warnf("Could not preload a published model: %s", e.getMessage());
        }
        return message.ack();
    }
}
