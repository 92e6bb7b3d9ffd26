package io.atelier.load.kafka;

import io.atelier.load.LoadCli;
import io.atelier.load.LoadSettings;
import io.atelier.load.Photos;
import io.atelier.load.report.RunRecorder;
import io.atelier.load.report.RunSummary;
import io.atelier.load.report.SummaryWriter;
import io.atelier.schemas.cloudevents.CloudEventCodec;
import io.atelier.schemas.cloudevents.CloudEventHeaders;
import io.atelier.schemas.cloudevents.KafkaCloudEvents;
import io.atelier.schemas.events.EventType;
import io.atelier.schemas.events.ImageRef;
import io.atelier.schemas.events.InlineImage;
import io.atelier.schemas.events.JobTimings;
import io.atelier.schemas.events.StyleJobCompleted;
import io.atelier.schemas.events.StyleJobRequested;
import io.atelier.schemas.json.InvalidEventException;
import io.atelier.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Kafka scenario: an external producer sends style jobs (JSON with CloudEvents headers in binary
 * mode, as README "Contracts" describes), with inline images or claim checks of images it first puts
 * into object storage, to {@code atelier.style-jobs} on a fixed
 * {@link Schedule}, and a consumer of {@code atelier.style-job-results} takes each job's
 * {@code style-job.completed} event. Latencies are recorded in HdrHistograms from each job's
 * intended send time, so they include any delay of the producer itself (no coordinated omission).
 */
public final class KafkaLoad {

    public static final String SENT = "jobs sent";
    public static final String ACKED = "acknowledged by the broker";
    public static final String SEND_ERRORS = "send errors";
    public static final String SUCCEEDED = "jobs completed";
    public static final String FAILED = "jobs failed";
    public static final String UNFINISHED = "jobs not finished within job-timeout";
    public static final String BEHIND = "sends more than 100 ms behind schedule";
    public static final String UPLOAD = "claim-check upload (intended send to object stored)";
    public static final String ACK = "produce (intended send to broker ack)";
    public static final String E2E = "end to end (intended send to completed event)";
    /** The stages of {@link JobTimings}, as the worker measured them. */
    public static final List<String> STAGES = List.of("worker: queue wait (requestedAt to taken)",
            "worker: download", "worker: inference", "worker: encode", "worker: upload");

    private static final int UPLOAD_THREADS = 4;
    private static final String COMPLETED_TYPE = EventType.STYLE_JOB_COMPLETED.cloudEventType();
    private static final String FAILED_TYPE = EventType.STYLE_JOB_FAILED.cloudEventType();

    private KafkaLoad() {
    }

    /** Runs the scenario and writes its summary; true when every job completed. */
    public static boolean run(LoadSettings settings, String command) throws Exception {
        for (String server : settings.bootstrap().split(",")) {
            settings.requireLoopback("KAFKA_BOOTSTRAP_SERVERS", server.substring(0, server.lastIndexOf(':')));
        }
        List<Photos.Photo> photos = Photos.load(settings.samples(), settings.sizes());
        boolean claimCheck = settings.input().equals("claim-check");
        List<InlineImage> inline = new ArrayList<>();
        List<ClaimCheck.Png> pngs = new ArrayList<>();
        for (Photos.Photo photo : photos) {
            if (claimCheck) {
                pngs.add(ClaimCheck.Png.of(photo.jpeg()));
            } else if (photo.jpeg().length > InlineImage.MAX_BYTES) {
                throw new IllegalArgumentException(photo.name() + " is " + photo.jpeg().length + " bytes as JPEG, over "
                        + "the inline limit of " + InlineImage.MAX_BYTES + "; use smaller --size values or "
                        + "--input claim-check");
            } else {
                inline.add(InlineImage.of("image/jpeg", photo.jpeg()));
            }
        }
        ClaimCheck store = claimCheck ? new ClaimCheck(settings) : null;
        Schedule schedule = new Schedule(settings.rampFrom(), settings.rate(), settings.ramp(), settings.duration());
        Map<String, Long> pending = new ConcurrentHashMap<>();
        RunRecorder finished;
        CloudEventCodec codec = new CloudEventCodec("/atelier/load-tests");
        System.out.printf("Kafka load: %s jobs/s (ramp %s from %s) for %s to %s, style %s, sizes %s, %s input; "
                        + "%d jobs%n", settings.rate(), settings.ramp(), settings.rampFrom(), settings.duration(),
                settings.bootstrap(), settings.style(), settings.sizes(), settings.input(), schedule.count());

        // claim-check uploads run on a pool, so that a slow one does not hold back the schedule
        ExecutorService uploads = Executors.newFixedThreadPool(UPLOAD_THREADS);
        try (KafkaConsumer<String, byte[]> consumer = resultsConsumer(settings.bootstrap());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap(),
                     ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.CLIENT_ID_CONFIG, "atelier-load-tests"),
                     new StringSerializer(), new ByteArraySerializer())) {
            // the producer's first metadata fetch is the client's cost, not the fleet's: before the clock
            producer.partitionsFor(Topics.STYLE_JOBS);
            RunRecorder run = new RunRecorder(List.of(SENT, ACKED, SEND_ERRORS, SUCCEEDED, FAILED, UNFINISHED, BEHIND),
                    latencyNames(claimCheck));
            AtomicBoolean stop = new AtomicBoolean();
            Thread listener = new Thread(() -> listen(consumer, pending, run, stop), "results-listener");
            listener.start();
            long start = run.startNanos();
            long deadline = start + LoadSettings.MAX_DURATION.toNanos();
            long count = schedule.count();
            for (long i = 0; i < count && System.nanoTime() < deadline; i++) {
                long intended = start + schedule.offsetNanos(i);
                long wait = intended - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } else if (wait < -TimeUnit.MILLISECONDS.toNanos(100)) {
                    run.count(BEHIND);
                }
                String jobId = UUID.randomUUID().toString();
                int photo = (int) (i % photos.size());
                pending.put(jobId, intended);
                run.count(SENT);
                run.sent(run.millisAt(System.nanoTime()));
                if (claimCheck) {
                    uploads.execute(() -> {
                        try {
                            ImageRef ref = store.put(jobId, pngs.get(photo));
                            long now = System.nanoTime();
                            run.latency(UPLOAD).record(run.millisAt(now), TimeUnit.NANOSECONDS.toMicros(now - intended));
                            send(producer, codec, run, pending, intended, new StyleJobRequested(
                                    StyleJobRequested.SCHEMA_VERSION, jobId, settings.style(), null, ref, null, null,
                                    Instant.now(), "load-tests"));
                        } catch (Exception e) {
                            pending.remove(jobId);
                            run.count(SEND_ERRORS);
                            System.err.println("claim-check upload of job " + jobId + " failed: " + e);
                        }
                    });
                } else {
                    send(producer, codec, run, pending, intended, new StyleJobRequested(
                            StyleJobRequested.SCHEMA_VERSION, jobId, settings.style(), null, null, inline.get(photo),
                            null, Instant.now(), "load-tests"));
                }
            }
            uploads.shutdown();
            uploads.awaitTermination(settings.jobTimeout().toMillis(), TimeUnit.MILLISECONDS);
            producer.flush();
            long drainUntil = System.nanoTime() + settings.jobTimeout().toNanos();
            while (!pending.isEmpty() && System.nanoTime() < drainUntil) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            stop.set(true);
            listener.join(10_000);
            for (int i = 0; i < pending.size(); i++) {
                run.count(UNFINISHED);
            }
            finished = run;
        } finally {
            uploads.shutdownNow();
        }
        RunRecorder run = finished;
        List<String> notes = List.of(
                "Latencies count from each job's intended send time on the fixed schedule (no coordinated "
                        + "omission), measured by one clock in this process.",
                claimCheck ? "Jobs are claim checks (JSON + CloudEvents headers, binary mode): each PNG is put into "
                        + "atelier-uploads first, by " + UPLOAD_THREADS + " threads, then the job is produced."
                        : "Jobs are inline JPEG images (JSON + CloudEvents headers, binary mode), as an external "
                        + "producer without object-store access sends them.");
        Path out = settings.out();
        RunSummary summary = RunSummary.of(run, "Atelier Kafka load: " + settings.rate() + " jobs/s for "
                        + settings.duration().toSeconds() + " s", command, kafkaSettings(settings),
                SENT, ACKED, SUCCEEDED, E2E, notes);
        Path md = SummaryWriter.write(summary, out);
        System.out.println();
        System.out.println(SummaryWriter.latencyTable(summary.latencies()));
        System.out.println("counts: " + summary.counts());
        System.out.println("Summary: " + md.toAbsolutePath() + " (chart: summary.png beside it)");
        return run.total(SUCCEEDED) == run.total(SENT);
    }

    private static List<String> latencyNames(boolean claimCheck) {
        List<String> names = new ArrayList<>(claimCheck ? List.of(UPLOAD, ACK, E2E) : List.of(ACK, E2E));
        names.addAll(STAGES);
        return names;
    }

    /** The worker's own account of where a completed job's time went (the event's timings). */
    private static void recordStages(RunRecorder run, long atMillis, ConsumerRecord<String, byte[]> record) {
        try {
            JobTimings t = CloudEventCodec.decode(KafkaCloudEvents.fromHeaders(record.headers()), record.value(),
                    StyleJobCompleted.class).timings();
            if (t != null) {
                long[] ms = {t.queueWaitMs(), t.downloadMs(), t.inferenceMs(), t.encodeMs(), t.uploadMs()};
                for (int i = 0; i < STAGES.size(); i++) {
                    run.latency(STAGES.get(i)).record(atMillis, ms[i] * 1000);
                }
            }
        } catch (InvalidEventException e) {
            System.err.println("a completed event did not match its schema: " + e.getMessage());
        }
    }

    /** Produces one job; its ack latency counts from the intended send time. */
    private static void send(KafkaProducer<String, byte[]> producer, CloudEventCodec codec, RunRecorder run,
                             Map<String, Long> pending, long intended, StyleJobRequested job) {
        producer.send(KafkaCloudEvents.toRecord(codec.encode(job)), (metadata, error) -> {
            long now = System.nanoTime();
            if (error != null) {
                pending.remove(job.jobId());
                run.count(SEND_ERRORS);
            } else {
                run.count(ACKED);
                run.latency(ACK).record(run.millisAt(now), TimeUnit.NANOSECONDS.toMicros(now - intended));
            }
        });
    }

    private static Map<String, String> kafkaSettings(LoadSettings s) {
        Map<String, String> m = LoadCli.summarySettings(s);
        m.remove("API keys");
        m.remove("status poll interval");
        m.put("target", s.bootstrap() + " (" + Topics.STYLE_JOBS + " -> " + Topics.STYLE_JOB_RESULTS + ")");
        m.put("arrival rate", m.get("arrival rate").replace("(open model)", "(fixed schedule)"));
        m.put("input", s.input().equals("claim-check") ? "claim check (PNG in " + s.s3() + ")" : "inline JPEG");
        return m;
    }

    /** Reads the results topic from its current end on every partition, without a consumer group. */
    private static KafkaConsumer<String, byte[]> resultsConsumer(String bootstrap) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.CLIENT_ID_CONFIG, "atelier-load-tests-results"),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.STYLE_JOB_RESULTS, Duration.ofSeconds(30))
                .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException("topic " + Topics.STYLE_JOB_RESULTS + " has no partitions; is the stack up?");
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private static void listen(KafkaConsumer<String, byte[]> consumer, Map<String, Long> pending, RunRecorder run,
                               AtomicBoolean stop) {
        while (!stop.get()) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                long now = System.nanoTime();
                Header type = record.headers().lastHeader(CloudEventHeaders.TYPE);
                if (type == null || record.key() == null) {
                    continue;
                }
                String ceType = new String(type.value(), StandardCharsets.UTF_8);
                if (COMPLETED_TYPE.equals(ceType)) {
                    Long intended = pending.remove(record.key());
                    if (intended != null) {
                        run.count(SUCCEEDED);
                        run.latency(E2E).record(run.millisAt(now), TimeUnit.NANOSECONDS.toMicros(now - intended));
                        recordStages(run, run.millisAt(now), record);
                    }
                } else if (FAILED_TYPE.equals(ceType) && pending.remove(record.key()) != null) {
                    run.count(FAILED);
                }
            }
        }
    }
}
