package io.atelier.inference.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.atelier.common.storage.ObjectStore;
import io.atelier.generator.GeneratorOnnx;
import io.atelier.generator.GeneratorRuntime;
import io.atelier.generator.GeneratorSpec;
import io.atelier.inference.config.InferenceConfig;
import io.atelier.inference.model.GeneratorSessions;
import io.atelier.inference.model.TestGenerators;
import io.atelier.inference.processing.BatchInference;
import io.atelier.inference.support.PackagedWorker;
import io.atelier.inference.support.StackStorage;
import io.atelier.inference.support.Uploads;
import io.atelier.infra.local.StackEndpoints;
import io.atelier.schemas.cloudevents.CloudEventCodec;
import io.atelier.schemas.cloudevents.KafkaCloudEvents;
import io.atelier.schemas.events.StyleJobRequested;
import io.atelier.schemas.topics.Topics;
import io.atelier.testsupport.SharedStack;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Images per second of the inference service's whole path (Kafka job in, input download, decode,
 * micro-batched inference, encode, upload, completion event out) next to a plain loop of ONNX Runtime
 * calls on the same model and sizes, measured in one run on one machine. Prints a Markdown table.
 *
 * <pre>./atelier bench inference [--profile]</pre>
 *
 * <p>With {@code --profile} ({@code -Dbench.profile=true}) the worker runs under JDK Flight Recorder and
 * a summary of where its JVM threads spent the CPU follows the tables. {@code -Dbench.worker=a=1,b=2}
 * passes settings to the worker (e.g. {@code atelier.inference.intra-op-spinning=false}); several
 * workers separated by {@code ;} run one after the other against the same broker and store, each
 * beside its own plain loop, so that settings compare in one run ({@code ;a=1} is the defaults, then
 * {@code a=1}); an item that starts with {@code -} is an option to that worker's JVM
 * ({@code -XX:+UseSerialGC}). {@code -Dbench.jvm} gives options to every worker's JVM (e.g.
 * {@code -Xmx256m}), {@code -Dbench.sizes=side:jobs,...} other image sizes.
 */
public final class InferenceBenchmark {

    /** The quick training profile's generator (see the trainer): what CPU deployments run. */
    static final GeneratorSpec SPEC = new GeneratorSpec(16, 5);
    static final String STYLE = "bench";
    /** Sides and measured jobs per side; {@code -Dbench.sizes=1024:8} measures other sizes. */
    static final int[][] SIZES = {{256, 48}, {512, 16}};
    /**
     * Jobs run at each size before the measured ones at least (and not counted); {@link #warmUp} runs
     * more until the worker is warm. The JIT is still compiling the worker's Java path (Kafka and S3
     * clients, PNG, JSON) during its first jobs, while the plain loop is native code from its first
     * image; a fleet runs warm, so the default measures warm (BENCHMARKS.md).
     */
    static final int WARM_UP = Integer.getInteger("bench.warmup", 96);
    /** What the worker's JIT compilers may spend per image for it to count as warm. */
    static final double WARM_JIT_MS = 5.0;
    static final int MAX_WARM_UP_ROUNDS = 12;
    /** A worker item naming another packaged worker to run, e.g. an earlier commit's, beside this one. */
    static final String JAR = "jar=";

    static final List<String> STAGES = List.of("queue_wait", "download", "decode", "inference", "encode", "upload");
    private static final java.util.regex.Pattern STAGE_METRIC = java.util.regex.Pattern.compile(
            "atelier_inference_stage_seconds_(sum|count)\\{[^}]*stage=\"([a-z_]+)\"[^}]*} ([0-9.eE+-]+)");

    private InferenceBenchmark() {
    }

    /** Sum (s) and count of each stage timer in a Prometheus scrape. */
    static Map<String, double[]> stages(String metrics) {
        Map<String, double[]> stages = new java.util.HashMap<>();
        java.util.regex.Matcher m = STAGE_METRIC.matcher(metrics);
        while (m.find()) {
            double[] values = stages.computeIfAbsent(m.group(2), k -> new double[2]);
            values["sum".equals(m.group(1)) ? 0 : 1] = Double.parseDouble(m.group(3));
        }
        return stages;
    }

    private static int[][] sizes() {
        String sizes = System.getProperty("bench.sizes", "");
        if (sizes.isBlank()) {
            return SIZES;
        }
        return Arrays.stream(sizes.split(",")).map(size -> size.trim().split(":"))
                .map(size -> new int[]{Integer.parseInt(size[0]), Integer.parseInt(size[1])}).toArray(int[][]::new);
    }

    public static void main(String[] args) throws Exception {
        StackEndpoints stack = SharedStack.endpoints();
        byte[] model = GeneratorOnnx.build(SPEC, GeneratorOnnx.randomParameters(SPEC, 42), Map.of("style", STYLE));
        List<String> rows = new ArrayList<>();
        List<String> stageRows = new ArrayList<>();
        List<String> memoryRows = new ArrayList<>();
        List<String> cpuRows = new ArrayList<>();
        List<String> threadRows = new ArrayList<>();
        Path logs = Files.createTempDirectory("inference-bench-");
        List<String> jvm = new ArrayList<>(List.of(System.getProperty("bench.jvm", "").split(" ")));
        jvm.removeIf(String::isBlank);
        boolean profile = Boolean.getBoolean("bench.profile");
        List<String> variants = List.of(System.getProperty("bench.worker", "").split(";", -1));
        List<Path> recordings = new ArrayList<>();
        try (ObjectStore store = StackStorage.open(stack);
             KafkaProducer<String, byte[]> producer = producer(stack);
             KafkaConsumer<String, byte[]> results = consumer(stack)) {
            TestGenerators.publish(store, STYLE, "v1", model);
            for (int v = 0; v < variants.size(); v++) {
                String variant = variants.get(v).trim();
                String name = variant.isEmpty() ? "defaults" : variant;
                List<String> options = new ArrayList<>(jvm);
                if (profile) {
                    recordings.add(Path.of("target/bench-worker-" + (v + 1) + ".jfr").toAbsolutePath());
                    options.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                            + recordings.get(v));
                }
                List<String> items = variant.isEmpty() ? List.of() : List.of(variant.split(","));
                items.stream().filter(item -> item.startsWith("-")).forEach(options::add);
                Path jar = items.stream().filter(item -> item.startsWith(JAR)).map(item -> Path.of(item.substring(
                        JAR.length()))).findFirst().orElse(PackagedWorker.JAR);
                String[] settings = items.stream().filter(item -> !item.startsWith("-") && !item.startsWith(JAR))
                        .toArray(String[]::new);
                try (PackagedWorker worker = PackagedWorker.start(stack, logs.resolve("worker-" + (v + 1) + ".log"),
                        jar, options, settings)) {
                    for (int[] size : sizes()) {
                        int side = size[0];
                        int count = size[1];
                        WarmUp warm = warmUp(store, producer, results, worker, side, count);
                        Map<String, double[]> before = stages(worker.metrics());
                        ServiceRun service = serviceRun(store, producer, results, worker, side, count);
                        Map<String, double[]> after = stages(worker.metrics());
                        StringBuilder row = new StringBuilder("| " + name + " | " + side + " x " + side + " |");
                        for (String stage : STAGES) {
                            double[] b = before.getOrDefault(stage, new double[2]);
                            double[] a = after.getOrDefault(stage, new double[2]);
                            row.append(String.format(Locale.ROOT, " %.1f |",
                                    1000 * (a[0] - b[0]) / Math.max(1, a[1] - b[1])));
                        }
                        stageRows.add(row.toString());
                        PlainRun plain = plainLoop(model, side, count);
                        PlainRun workerLike = workerLikeLoop(model, side, count);
                        Map<String, Double> cpu = service.cpuMsPerImage();
                        StringBuilder cpuRow = new StringBuilder("| " + name + " | " + side + " x " + side + " |");
                        cpu.values().forEach(ms -> cpuRow.append(String.format(Locale.ROOT, " %.1f |", ms)));
                        StringBuilder threadRow = new StringBuilder("| " + name + " | " + side + " x " + side + " |");
                        service.workerThreadMsPerImage().values()
                                .forEach(ms -> threadRow.append(String.format(Locale.ROOT, " %.1f |", ms)));
                        threadRows.add(threadRow.append(String.format(Locale.ROOT, " %.1f |",
                                workerLike.cpuMsPerImage())).toString());
                        cpuRows.add(cpuRow.append(String.format(Locale.ROOT, " %.1f | %.1f | %.1f | %.2f |",
                                cpu.values().stream().mapToDouble(Double::doubleValue).sum(), plain.cpuMsPerImage(),
                                workerLike.cpuMsPerImage(), workerLike.imagesPerSecond())).toString());
                        rows.add(String.format(Locale.ROOT,
                                "| %s | %d x %d | %d | %.2f | %.2f | %.2f | %d (%.1f) | %.1f |", name, side, side,
                                count, service.imagesPerSecond(), plain.imagesPerSecond(),
                                service.imagesPerSecond() / plain.imagesPerSecond(), warm.jobs(), warm.lastJitMs(),
                                service.workerJitMsPerImage()));
                    }
                    memoryRows.add(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f |", name,
                            worker.memoryMiB("VmRSS"), worker.memoryMiB("RssAnon"), worker.memoryMiB("RssFile"),
                            worker.memoryMiB("VmHWM")));
                }
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "Generator %s (random weights), %d CPU cores, %s, at least %d warm-up jobs "
                        + "per size and more until the worker's JIT compilers spend under " + WARM_JIT_MS
                        + " ms per image, "
                        + "worker JVM options: %s%n", SPEC, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), WARM_UP, jvm.isEmpty() ? "none" : String.join(" ", jvm));
        System.out.println();
        System.out.println("| worker settings | image | images | service path (images/s) | plain ORT loop (images/s) "
                + "| ratio | warm-up jobs (worker's JIT in the last round, ms/image) "
                + "| worker's JIT while measured (ms/image) |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println();
        System.out.println("Worker memory after its runs (MiB):");
        System.out.println();
        System.out.println("| worker settings | RSS | anonymous | mapped files | peak RSS |");
        System.out.println("|---|---|---|---|---|");
        memoryRows.forEach(System.out::println);
        System.out.println();
        System.out.println("CPU milliseconds per image, by process (user and system time of every thread; "
                + "the service path's processes over its measured jobs, the plain loops' JVM over their images):");
        System.out.println();
        System.out.println("| worker settings | image | " + String.join(" | ", StackCpu.ROLES)
                + " | service path, all | plain ORT loop | plain loop as the worker runs ONNX Runtime "
                + "| its rate (images/s) |");
        System.out.println("|---|---|" + "---|".repeat(StackCpu.ROLES.size() + 4));
        cpuRows.forEach(System.out::println);
        System.out.println();
        System.out.println("The worker's CPU milliseconds per image by thread (from /proc; ONNX Runtime's threads "
                + "carry the name of the poll's thread that made them), beside the plain loop run as the worker "
                + "runs it:");
        System.out.println();
        System.out.println("| worker settings | image | " + String.join(" | ", ThreadCpu.GROUPS)
                + " | plain loop as the worker runs ONNX Runtime |");
        System.out.println("|---|---|" + "---|".repeat(ThreadCpu.GROUPS.size() + 1));
        threadRows.forEach(System.out::println);
        System.out.println();
        System.out.println("Mean milliseconds per job in each stage of the service path (from the worker's metrics):");
        System.out.println();
        System.out.println("| worker settings | image | " + String.join(" | ", STAGES) + " |");
        System.out.println("|---|---|" + "---|".repeat(STAGES.size()));
        stageRows.forEach(System.out::println);
        for (Path recording : recordings) {
            System.out.println();
            System.out.println("Worker CPU profile (" + recording + "):");
            System.out.println();
            System.out.println(CpuProfile.summarise(recording, 15));
        }
        System.exit(0);
    }

    /**
     * Completions per second, first send to last completion, and the CPU milliseconds per image each
     * process spent over that time (the inputs are stored before it), and the worker's by thread group.
     */
    record ServiceRun(double imagesPerSecond, Map<String, Double> cpuMsPerImage,
                      Map<String, Double> workerThreadMsPerImage) {

        double workerJitMsPerImage() {
            return workerThreadMsPerImage.get(ThreadCpu.JIT);
        }
    }

    /** Jobs run before the measured ones, and what the worker's JIT compilers spent per image in the last round. */
    record WarmUp(int jobs, double lastJitMs) {
    }

    /**
     * Rounds of {@code round} jobs, {@link #WARM_UP} jobs at least, until the worker's JIT compilers
     * spend under {@link #WARM_JIT_MS} per image in a round, or {@link #MAX_WARM_UP_ROUNDS} rounds have
     * run: 96 jobs left them at 20 to 30 ms per image of 256 px, a fifth of the model's time, which a
     * worker that has run for a while does not pay (BENCHMARKS.md).
     */
    private static WarmUp warmUp(ObjectStore store, KafkaProducer<String, byte[]> producer,
                                 KafkaConsumer<String, byte[]> results, PackagedWorker worker, int side, int round)
            throws Exception {
        int jobs = 0;
        double jit = Double.NaN;
        for (int r = 0; r < MAX_WARM_UP_ROUNDS && (jobs < WARM_UP || !(jit < WARM_JIT_MS)); r++) {
            jit = serviceRun(store, producer, results, worker, side, round).workerJitMsPerImage();
            jobs += round;
        }
        return new WarmUp(jobs, jit);
    }

    /** Sends {@code count} jobs at once and waits for their completions. */
    private static ServiceRun serviceRun(ObjectStore store, KafkaProducer<String, byte[]> producer,
                                     KafkaConsumer<String, byte[]> results, PackagedWorker worker, int side,
                                     int count) throws Exception {
        CloudEventCodec codec = new CloudEventCodec("/atelier/bench");
        List<StyleJobRequested> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            jobs.add(upload(store, image(side, i)));
        }
        Set<String> pending = new HashSet<>(jobs.stream().map(StyleJobRequested::jobId).toList());
        Map<String, Duration> cpu = StackCpu.snapshot();
        Map<String, ThreadCpu.ThreadTime> threads = ThreadCpu.snapshot(worker.pid());
        long start = System.nanoTime();
        for (StyleJobRequested job : jobs) {
            producer.send(KafkaCloudEvents.toRecord(codec.encode(job)));
        }
        producer.flush();
        long deadline = start + Duration.ofMinutes(10).toNanos();
        while (!pending.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(pending.size() + " jobs did not complete");
            }
            for (ConsumerRecord<String, byte[]> record : results.poll(Duration.ofMillis(100))) {
                String type = KafkaCloudEvents.fromHeaders(record.headers()).get("ce_type");
                if ("io.atelier.style-job.failed.v1".equals(type) && pending.contains(record.key())) {
                    throw new IllegalStateException("job " + record.key() + " failed: " + new String(record.value()));
                }
                if ("io.atelier.style-job.completed.v1".equals(type)) {
                    pending.remove(record.key());
                }
            }
        }
        double rate = count / ((System.nanoTime() - start) / 1e9);
        return new ServiceRun(rate, StackCpu.perItem(cpu, StackCpu.snapshot(), count),
                ThreadCpu.perItem(threads, ThreadCpu.snapshot(worker.pid()), count));
    }

    /** Session options a benchmark varies. */
    @FunctionalInterface
    interface Tuning {
        void apply(OrtSession.SessionOptions options) throws Exception;
    }

    /**
     * A plain loop's rate, and the CPU milliseconds per image of this JVM over its timed images only
     * (session creation and warm-up left out).
     */
    record PlainRun(double imagesPerSecond, double cpuMsPerImage) {
    }

    /** The same model, the same sizes, one {@code session.run} per image, default session options. */
    private static PlainRun plainLoop(byte[] model, int side, int count) throws Exception {
        return plainRun(model, side, count, 1, options -> { });
    }

    /**
     * The same loop with ONNX Runtime set up as a worker with the default settings sets it up, and as
     * many images per call: the model's own share of the worker's CPU.
     */
    private static PlainRun workerLikeLoop(byte[] model, int side, int count) throws Exception {
        InferenceConfig defaults = new SmallRyeConfigBuilder().withMapping(InferenceConfig.class).build()
                .getConfigMapping(InferenceConfig.class);
        return plainRun(model, side, count, BatchInference.imagesPerCall(defaults, side, side),
                options -> GeneratorSessions.applyCpuOptions(options, defaults));
    }

    /** One {@code session.run} per image, all graph optimisations plus {@code tuning}. */
    static double plainLoop(byte[] model, int side, int count, Tuning tuning) throws Exception {
        return plainRun(model, side, count, 1, tuning).imagesPerSecond();
    }

    /**
     * {@code count} images (rounded up to whole calls) in calls of {@code batch}, from one direct buffer into
     * another, both kept between calls: the bare model's best rate, as the worker runs it.
     */
    private static PlainRun plainRun(byte[] model, int side, int count, int batch, Tuning tuning) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int calls = (count + batch - 1) / batch;
        int values = batch * 3 * side * side;
        FloatBuffer input = GeneratorRuntime.tensorBuffer(values);
        FloatBuffer output = GeneratorRuntime.tensorBuffer(values);
        for (int i = 0; i < values; i++) {
            input.put(i, (i % 255) / 127.5f - 1f);
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            tuning.apply(options);
            try (OrtSession session = env.createSession(model, options)) {
                GeneratorRuntime.run(env, session, input, output, batch, side, side);
                GeneratorRuntime.run(env, session, input, output, batch, side, side);
                Map<String, Duration> cpu = StackCpu.snapshot();
                long start = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    GeneratorRuntime.run(env, session, input, output, batch, side, side);
                }
                double rate = calls * batch / ((System.nanoTime() - start) / 1e9);
                return new PlainRun(rate,
                        StackCpu.perItem(cpu, StackCpu.snapshot(), calls * batch).get(StackCpu.CLIENT));
            }
        }
    }

    /** A smooth photo-like gradient with a few shapes, so encoding costs what it costs on photos. */
    private static BufferedImage image(int side, int seed) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color((30 + seed * 10) % 256, 90, 160), side, side, new Color(240, 200, 80)));
        g.fillRect(0, 0, side, side);
        g.setColor(new Color(20, (120 + seed * 5) % 256, 40));
        g.fillOval(side / 4, side / 3, side / 2, side / 3);
        g.dispose();
        return image;
    }

    private static StyleJobRequested upload(ObjectStore store, BufferedImage image) throws Exception {
        return new StyleJobRequested(1, UUID.randomUUID().toString(), STYLE, null, Uploads.put(store, image), null,
                null, Instant.now(), "bench");
    }

    private static KafkaProducer<String, byte[]> producer(StackEndpoints stack) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> consumer(StackEndpoints stack) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.STYLE_JOB_RESULTS));
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100));
        }
        return consumer;
    }
}
