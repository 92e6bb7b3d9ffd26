package io.atelier.testsupport;

import io.atelier.infra.local.StackEndpoints;
import io.atelier.schemas.cloudevents.CloudEventCodec;
import io.atelier.schemas.cloudevents.EncodedEvent;
import io.atelier.schemas.cloudevents.KafkaCloudEvents;
import io.atelier.schemas.events.ImageRef;
import io.atelier.schemas.events.StyleJobRequested;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.atelier.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@WithAtelierStack
class CloudEventThroughBrokerTest {

    @Test
    void aCloudEventSentToTheBrokerComesBackIntact(StackEndpoints stack) throws Exception {
        String jobId = UUID.randomUUID().toString();
        StyleJobRequested job = new StyleJobRequested(1, jobId, "starry-night", null,
                new ImageRef(Bucket.UPLOADS.bucketName(), ObjectKeys.uploadInput(jobId), "0".repeat(64), 64, 48,
                        "image/png"),
                null, null, Instant.parse("2026-11-29T15:00:00Z"), "test");
        EncodedEvent encoded = new CloudEventCodec("/atelier/test").encode(job);

        RecordMetadata sent;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer())) {
            sent = producer.send(KafkaCloudEvents.toRecord(encoded)).get(30, TimeUnit.SECONDS);
        }
        assertThat(sent.topic()).isEqualTo(Topics.STYLE_JOBS);

        ConsumerRecord<String, byte[]> received = consumeOne(stack, sent, jobId);

        assertThat(received.key()).isEqualTo(jobId);
        Map<String, String> headers = KafkaCloudEvents.fromHeaders(received.headers());
        assertThat(headers).containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_type", "io.atelier.style-job.requested.v1")
                .containsEntry("ce_id", encoded.id());
        assertThat(CloudEventCodec.decode(headers, received.value(), StyleJobRequested.class)).isEqualTo(job);
    }

    private static ConsumerRecord<String, byte[]> consumeOne(StackEndpoints stack, RecordMetadata sent, String key) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(sent.topic()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("the record with key " + key + " did not come back within 30 s");
    }
}
