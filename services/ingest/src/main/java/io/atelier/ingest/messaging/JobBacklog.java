package io.atelier.ingest.messaging;

import io.atelier.ingest.config.IngestConfig;
import io.atelier.schemas.topics.ConsumerGroups;
import io.atelier.schemas.topics.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * How many style jobs wait in Kafka for a worker: the lag of the workers' consumer group
 * ({@link ConsumerGroups#STYLE_JOB_WORKERS}), read with the Kafka admin client on a schedule so that
 * an upload never waits for the broker to answer it. A partition the group has never committed counts
 * from its earliest record, which is where a new worker starts. Owns the admin client.
 */
@ApplicationScoped
public class JobBacklog {

    private static final Logger LOG = Logger.getLogger(JobBacklog.class);
    /** How far back the drain rate looks: workers commit offsets every few seconds, not per job. */
    private static final long RATE_WINDOW_NANOS = Duration.ofSeconds(15).toNanos();

    /** One reading: jobs queued, and the group's committed offsets summed, for the drain rate. */
    public record Reading(long queued, long committed, long atNanos) {
    }

    private final Admin admin;
    private final long staleAfterNanos;
    private final Deque<Reading> recent = new ArrayDeque<>();
    private volatile Reading latest;
    private boolean unreachableLogged;

    public JobBacklog(@Identifier("default-kafka-broker") Map<String, Object> kafka, IngestConfig config,
                      MeterRegistry meters) {
        Map<String, Object> adminConfig = kafka.entrySet().stream()
                .filter(e -> AdminClientConfig.configNames().contains(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "atelier-ingest-backlog");
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        this.admin = Admin.create(adminConfig);
        this.staleAfterNanos = config.queue().refresh().multipliedBy(5).toNanos();
        Gauge.builder("atelier.ingest.queued.jobs", this, b -> b.queued().orElse(-1L))
                .description("style jobs waiting for a worker (-1: unknown)").register(meters);
    }

    /** The last reading's queued jobs, or empty when it is older than a few refreshes (broker unreachable). */
    public Optional<Long> queued() {
        Reading reading = latest;
        return reading == null || System.nanoTime() - reading.atNanos() > staleAfterNanos ? Optional.empty()
                : Optional.of(reading.queued());
    }

    /** Jobs per second the workers took over the last seconds, or empty before two readings apart. */
    public synchronized Optional<Double> drainPerSecond() {
        if (recent.size() < 2) {
            return Optional.empty();
        }
        Reading first = recent.peekFirst();
        Reading last = recent.peekLast();
        double seconds = (last.atNanos() - first.atNanos()) / 1e9;
        return seconds < 1 ? Optional.empty() : Optional.of((last.committed() - first.committed()) / seconds);
    }

    @Scheduled(every = "${atelier.ingest.queue.refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            Reading reading = read();
            synchronized (this) {
                recent.addLast(reading);
                while (reading.atNanos() - recent.peekFirst().atNanos() > RATE_WINDOW_NANOS) {
                    recent.removeFirst();
                }
            }
            latest = reading;
            unreachableLogged = false;
        } catch (Exception e) {
            if (!unreachableLogged) {
                LOG.warnf("Job backlog unknown, uploads are not bounded by it until the broker answers: %s", e);
                unreachableLogged = true;
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Reading read() throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(Topics.STYLE_JOBS)).allTopicNames()
                .get(3, TimeUnit.SECONDS).get(Topics.STYLE_JOBS).partitions().stream()
                .map(p -> new TopicPartition(Topics.STYLE_JOBS, p.partition())).toList();
        Map<TopicPartition, OffsetAndMetadata> committed = admin
                .listConsumerGroupOffsets(ConsumerGroups.STYLE_JOB_WORKERS)
                .partitionsToOffsetAndMetadata().get(3, TimeUnit.SECONDS);
        Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
        long queued = 0;
        long committedSum = 0;
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            long position = Math.max(starts.get(partition), offset == null ? 0 : offset.offset());
            queued += Math.max(0, ends.get(partition) - position);
            committedSum += offset == null ? 0 : offset.offset();
        }
        return new Reading(queued, committedSum, System.nanoTime());
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(p, spec));
        return admin.listOffsets(request).all().get(3, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
