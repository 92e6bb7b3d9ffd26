package io.atelier.faults;

import io.atelier.schemas.cloudevents.KafkaCloudEvents;
import io.atelier.schemas.events.EventType;
import io.atelier.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every job's outcome as the results topic tells it, read on a thread of its own for the whole
 * suite (the reader rides through the broker's outages like any client). Times are when the suite
 * saw the event.
 */
final class Outcomes implements AutoCloseable {

    private static final String COMPLETED = EventType.STYLE_JOB_COMPLETED.cloudEventType();
    private static final String FAILED = EventType.STYLE_JOB_FAILED.cloudEventType();

    private final Map<String, AtomicInteger> completions = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Map<String, Long> firstCompletion = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean running = true;

    Outcomes(String bootstrapServers) {
        reader = new Thread(() -> read(bootstrapServers), "fault-suite-outcomes");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(String bootstrapServers) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "fault-suite-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.STYLE_JOB_RESULTS));
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    see(record);
                }
            }
        }
    }

    private void see(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = KafkaCloudEvents.fromHeaders(record.headers());
        String type = headers.get("ce_type");
        String jobId = record.key();
        if (jobId == null) {
            return;
        }
        if (COMPLETED.equals(type)) {
            completions.computeIfAbsent(jobId, id -> new AtomicInteger()).incrementAndGet();
            firstCompletion.putIfAbsent(jobId, System.nanoTime());
        } else if (FAILED.equals(type)) {
            failures.computeIfAbsent(jobId, id -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** Waits until every job has a terminal event or the timeout passes; returns those still open. */
    List<String> awaitTerminal(Collection<String> jobIds, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> open = jobIds.stream().filter(id -> !completions.containsKey(id) && !failures.containsKey(id))
                    .toList();
            if (open.isEmpty() || System.nanoTime() > deadline) {
                return open;
            }
            Thread.sleep(250);
        }
    }

    boolean completed(String jobId) {
        return completions.containsKey(jobId);
    }

    boolean failed(String jobId) {
        return failures.containsKey(jobId);
    }

    /** Every job with a failure event so far, accepted or not. */
    Set<String> failedJobs() {
        return Set.copyOf(failures.keySet());
    }

    /** Completion events beyond the first for the job (at-least-once delivery redoes a job now and then). */
    int repeats(String jobId) {
        AtomicInteger count = completions.get(jobId);
        return count == null ? 0 : Math.max(0, count.get() - 1);
    }

    /** The earliest completion of any of the jobs at or after {@code nanos}; -1 when none. */
    long firstCompletionAfter(Collection<String> jobIds, long nanos) {
        return jobIds.stream().map(firstCompletion::get).filter(at -> at != null && at >= nanos)
                .mapToLong(Long::longValue).min().orElse(-1);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.join(10_000);
    }
}
