package io.atelier.faults;

import io.atelier.infra.local.api.ApiException;
import io.atelier.infra.local.api.AtelierApi;
import io.atelier.schemas.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A steady stream of jobs, as the fleet's users send them: a plain Kafka producer of another system
 * (hand-written JSON and CloudEvents headers, the image inline) and people uploading over HTTP, who
 * retry a refused or unanswered upload with the same {@code Idempotency-Key} until it is accepted.
 * A job counts as accepted when the broker acknowledged it or the gateway answered 202.
 */
final class JobStream implements AutoCloseable {

    /** How long an upload keeps being retried after the stream stops. */
    private static final Duration GIVE_UP = Duration.ofSeconds(90);

    private final KafkaProducer<String, byte[]> producer;
    private final AtelierApi api;
    private final String style;
    private final Path photo;
    private final byte[] inlinePng;
    private final ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
    private final ExecutorService uploads = Executors.newFixedThreadPool(3);
    private final Set<String> kafkaJobs = ConcurrentHashMap.newKeySet();
    private final Map<String, String> httpJobs = new ConcurrentHashMap<>();
    private final AtomicInteger refused503 = new AtomicInteger();
    private final AtomicInteger refused429 = new AtomicInteger();
    private final AtomicInteger keyInUse = new AtomicInteger();
    private final AtomicInteger unanswered = new AtomicInteger();
    private final AtomicInteger otherErrors = new AtomicInteger();
    private final AtomicInteger unacknowledged = new AtomicInteger();
    private volatile long stoppedAt = Long.MAX_VALUE;

    JobStream(String bootstrapServers, AtelierApi api, String style, Path photo, byte[] inlinePng) {
        // Not idempotent: after the broker's SIGKILL an idempotent producer can stall for its whole delivery
        // timeout on OutOfOrderSequenceException, which would measure this client rather than the fleet.
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000, ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000),
                new StringSerializer(), new ByteArraySerializer());
        this.api = api;
        this.style = style;
        this.photo = photo;
        this.inlinePng = inlinePng;
    }

    /** Sends a Kafka job every {@code kafkaEvery} and starts an upload every {@code httpEvery}. */
    JobStream start(Duration kafkaEvery, Duration httpEvery) {
        clock.scheduleAtFixedRate(this::produce, 0, kafkaEvery.toMillis(), TimeUnit.MILLISECONDS);
        clock.scheduleAtFixedRate(() -> uploads.submit(this::upload), 0, httpEvery.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void produce() {
        String jobId = UUID.randomUUID().toString();
        String json = "{\"schemaVersion\":1,\"jobId\":\"" + jobId + "\",\"style\":\"" + style + "\",\"requestedAt\":\""
                + Instant.now() + "\",\"submittedBy\":\"fault-suite-producer\",\"inlineInput\":{\"contentType\":"
                + "\"image/png\",\"data\":\"" + Base64.getEncoder().encodeToString(inlinePng) + "\"}}";
        RecordHeaders headers = new RecordHeaders();
        Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_source", "/fault-suite",
                        "ce_type", "io.atelier.style-job.requested.v1", "content-type", "application/json")
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(new ProducerRecord<>(Topics.STYLE_JOBS, null, jobId, json.getBytes(StandardCharsets.UTF_8),
                    headers), (metadata, error) -> {
                        if (error == null) {
                            kafkaJobs.add(jobId);
                        } else {
                            unacknowledged.incrementAndGet();
                        }
                    });
        } catch (RuntimeException e) {
            // not accepted, so not owed an outcome: the producer's own timeout ran out
            unacknowledged.incrementAndGet();
        }
    }

    private void upload() {
        String key = UUID.randomUUID().toString();
        while (stoppedAt == Long.MAX_VALUE || System.nanoTime() < stoppedAt + GIVE_UP.toNanos()) {
            try {
                httpJobs.put(key, api.submitJob(photo, style, 64, "png", key));
                return;
            } catch (ApiException e) {
                (switch (e.status()) {
                    case 503 -> refused503;
                    case 429 -> refused429;
                    case 409 -> keyInUse;
                    case 0 -> unanswered;
                    default -> otherErrors;
                }).incrementAndGet();
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    /** Stops sending; uploads still being retried finish (or give up) first. */
    void stop() throws InterruptedException {
        stoppedAt = System.nanoTime();
        clock.shutdownNow();
        clock.awaitTermination(30, TimeUnit.SECONDS);
        uploads.shutdown();
        uploads.awaitTermination(GIVE_UP.toSeconds() + 30, TimeUnit.SECONDS);
        producer.flush();
    }

    /** Every job the fleet accepted: acknowledged by the broker or answered 202. */
    List<String> accepted() {
        return java.util.stream.Stream.concat(kafkaJobs.stream(), httpJobs.values().stream()).toList();
    }

    /** Job ids answered over HTTP, by Idempotency-Key. */
    Map<String, String> uploadsByKey() {
        return Map.copyOf(httpJobs);
    }

    String refusals() {
        return refused503.get() + " / " + refused429.get() + " / " + keyInUse.get() + " / " + unanswered.get() + " / "
                + otherErrors.get();
    }

    /** Kafka sends the broker never acknowledged (the producer gave up): the sender knows to retry them. */
    int unacknowledged() {
        return unacknowledged.get();
    }

    int otherErrors() {
        return otherErrors.get();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        clock.shutdownNow();
        uploads.shutdownNow();
        producer.close(Duration.ofSeconds(10));
    }
}
