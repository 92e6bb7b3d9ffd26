package io.atelier.inference.support;

import io.atelier.infra.local.StackEndpoints;
import io.atelier.schemas.cloudevents.CloudEventCodec;
import io.atelier.schemas.cloudevents.KafkaCloudEvents;
import io.atelier.schemas.events.AtelierEvent;
import io.atelier.schemas.events.EventType;
import io.atelier.schemas.json.InvalidEventException;
import io.atelier.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** A test's view of the job topics: a plain producer, and a reader of results and dead letters. */
public final class JobTopics implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    public JobTopics(StackEndpoints stack) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.STYLE_JOB_RESULTS, Topics.STYLE_JOBS_DLQ));
    }

    public void send(AtelierEvent event) throws Exception {
        producer.send(KafkaCloudEvents.toRecord(new CloudEventCodec("/atelier/tests").encode(event)))
                .get(30, TimeUnit.SECONDS);
    }

    public void send(ProducerRecord<String, byte[]> record) throws Exception {
        producer.send(record).get(30, TimeUnit.SECONDS);
    }

    /** The first record on the results or dead-letter topic that matches, waiting up to {@code timeout}. */
    public ConsumerRecord<String, byte[]> await(String topic, Predicate<ConsumerRecord<String, byte[]>> match,
                                                Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (ConsumerRecord<String, byte[]> record : seen) {
                if (record.topic().equals(topic) && match.test(record)) {
                    return record;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching record on " + topic + " within " + timeout.toSeconds() + " s");
            }
            consumer.poll(Duration.ofMillis(250)).forEach(seen::add);
        }
    }

    /** The first event of the given type with the given key on the results topic. */
    public ConsumerRecord<String, byte[]> awaitResult(String key, EventType type) {
        return await(Topics.STYLE_JOB_RESULTS, record -> key.equals(record.key()) && type == typeOf(record),
                Duration.ofSeconds(90));
    }

    /** The first event of the given record type with the given key on the results topic, decoded. */
    public <E extends AtelierEvent> E awaitResult(String key, Class<E> type) throws InvalidEventException {
        ConsumerRecord<String, byte[]> record = awaitResult(key, EventType.ofRecord(type));
        return CloudEventCodec.decode(KafkaCloudEvents.fromHeaders(record.headers()), record.value(), type);
    }

    /** The keys of the results-topic events of one type read so far, after one more poll. */
    public Set<String> resultKeys(EventType type) {
        return seen(Topics.STYLE_JOB_RESULTS).stream().filter(record -> typeOf(record) == type)
                .map(ConsumerRecord::key).collect(Collectors.toSet());
    }

    private static EventType typeOf(ConsumerRecord<String, byte[]> record) {
        return EventType.ofCloudEventType(KafkaCloudEvents.fromHeaders(record.headers()).get("ce_type")).orElse(null);
    }

    /** Every record read so far from one of the two topics, in order. */
    public List<ConsumerRecord<String, byte[]>> seen(String topic) {
        consumer.poll(Duration.ofMillis(250)).forEach(seen::add);
        return seen.stream().filter(record -> record.topic().equals(topic)).toList();
    }

    @Override
    public void close() {
        producer.close();
        consumer.close();
    }
}
