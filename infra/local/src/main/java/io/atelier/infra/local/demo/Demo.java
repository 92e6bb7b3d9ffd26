package io.atelier.infra.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.atelier.infra.local.LocalServices;
import io.atelier.infra.local.LocalServices.Service;
import io.atelier.infra.local.LocalStack;
import io.atelier.infra.local.StackEndpoints;
import io.atelier.infra.local.StackException;
import io.atelier.infra.local.api.AtelierApi;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.atelier.schemas.training.TrainingProfile;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./atelier demo}: the whole product on one machine. Starts the stack and the three services as
 * separate processes, seeds the bundled samples, trains a style through the HTTP API, styles photos
 * through it, and writes before/after images and a grid into the output folder. Each stage names the
 * log to read when it fails.
 */
public final class Demo {

    /** The admin key the demo gives the local ingest service; local use only. */
    public static final String DEFAULT_API_KEY = "demo-key";
    /** The ingest service's default content corpus. */
    private static final String CORPUS = "samples";

    /**
     * @param samples  the bundled samples ({@code content/}, {@code styles/})
     * @param out      where images and the grid go
     * @param style    name of the style to train
     * @param painting the style image, under {@code samples/styles}
     * @param photos   how many sample photos to style
     * @param retrain  train even when the style already has a model
     * @param down     stop everything at the end
     * @param timeout  how long training may take
     */
    public record Options(Path samples, Path out, String style, String painting, int photos, boolean retrain,
                          boolean down, Duration timeout) {
    }

    private final LocalStack stack;
    private final LocalServices services;
    private final Map<Service, Integer> ports;
    private final String apiKey;
    private final PrintStream console;

    public Demo(LocalStack stack, LocalServices services, Map<Service, Integer> ports, String apiKey,
                PrintStream console) {
        this.stack = stack;
        this.services = services;
        this.ports = ports;
        this.apiKey = apiKey;
        this.console = console;
    }

    /** Runs every stage; a failure names its stage and log, and leaves the processes up to inspect. */
    public void run(Options options) throws Exception {
        Stopwatch clock = new Stopwatch();
        StackEndpoints endpoints = stage("Starting Kafka and the S3 server", stack.config().logs(),
                () -> stack.up().endpoints());
        console.printf("  Kafka %s, S3 %s (%s)%n", endpoints.bootstrapServers(), endpoints.s3Endpoint(), clock);

        Map<Service, LocalServices.Running> running = startFleet(endpoints, clock);
        AtelierApi api = new AtelierApi(running.get(Service.INGEST).url(), apiKey);

        List<Path> content = stage("Seeding the content corpus", stack.config().logs(),
                () -> SampleCorpus.seed(endpoints, options.samples().resolve("content"), CORPUS));
        console.printf("  %d photos in %s/%s (%s)%n", content.size(), Bucket.DATASETS.bucketName(),
                ObjectKeys.contentCorpusPrefix(CORPUS), clock);

        Path painting = options.samples().resolve("styles").resolve(options.painting());
        stage("Training style '" + options.style() + "'", logOf(Service.TRAINER), () -> {
            train(api, options, painting, clock);
            return null;
        });

        List<ContactSheet.Pair> pairs = stage("Styling photos through the HTTP API", logOf(Service.INFERENCE),
                () -> stylise(api, options, content.subList(0, Math.min(options.photos(), content.size())), clock));

        Path grid = options.out().resolve("grid.png");
        stage("Writing " + grid, null, () -> {
            ContactSheet.write(ImageIO.read(painting.toFile()), options.style(), pairs, grid);
            return null;
        });
        console.printf("%nDone in %s. Before/after images and the grid: %s%n", clock, grid.toAbsolutePath());
        if (options.down()) {
            services.stopAll();
            stack.down();
            console.println("Stopped the services and the stack (--down).");
        } else {
            console.printf("Web page: %s/  (API key: %s)%nThe stack keeps running; stop it with ./atelier down%n",
                    api.base(), apiKey);
        }
    }

    /** Starts the three services (those not running yet) as separate processes against the stack. */
    public Map<Service, LocalServices.Running> startFleet(StackEndpoints endpoints, Stopwatch clock) {
        Map<Service, LocalServices.Running> running = new LinkedHashMap<>();
        for (Service service : Service.values()) {
            running.put(service, stage("Starting the " + service.id() + " service", logOf(service),
                    () -> startService(service, endpoints)));
            console.printf("  %-9s %s (%s)%n", service.id(), running.get(service).url(), clock);
        }
        return running;
    }

    private LocalServices.Running startService(Service service, StackEndpoints endpoints) {
        Map<String, String> properties = new LinkedHashMap<>();
        switch (service) {
            case INGEST -> {
                properties.put("atelier.ingest.api-keys.demo.key", apiKey);
                properties.put("atelier.ingest.api-keys.demo.scope", "admin");
            }
            case TRAINER -> {
                // the same key opens the trainer's admin API (promote, rollback, import), as the README shows
                properties.put("atelier.trainer.admin-key", apiKey);
                properties.put("atelier.trainer.checkpoint-every", "50");
                properties.put("atelier.trainer.sample-every", "100");
            }
            case INFERENCE -> { }
        }
        return services.start(service, endpoints, ports.get(service), properties, Duration.ofMinutes(3));
    }

    private void train(AtelierApi api, Options options, Path painting, Stopwatch clock) throws Exception {
        JsonNode existing = api.style(options.style()).orElse(null);
        if (!options.retrain() && existing != null && !existing.path("currentVersion").isNull()
                && existing.has("currentVersion")) {
            console.printf("  '%s' already has model %s; using it (--retrain trains again)%n", options.style(),
                    existing.path("currentVersion").asText());
            return;
        }
        String runId = api.trainStyle(options.style(), List.of(painting), TrainingProfile.QUICK, Map.of());
        console.printf("  run %s queued with the %s profile%n", runId, TrainingProfile.QUICK.wireName());
        Progress progress = new Progress(console);
        JsonNode trained = api.awaitRun(options.style(), runId, options.timeout(), run -> progress.show(String.format(
                "  training: %s, step %d of %d (%s)", run == null ? "queued" : run.path("state").asText(),
                run == null ? 0 : run.path("step").asLong(), run == null ? 0 : run.path("totalSteps").asLong(),
                clock)));
        progress.done(String.format("  trained: model %s (%s)", trained.path("modelVersion").asText(), clock));
    }

    private List<ContactSheet.Pair> stylise(AtelierApi api, Options options, List<Path> photos, Stopwatch clock)
            throws Exception {
        Files.createDirectories(options.out());
        Map<Path, String> jobs = new LinkedHashMap<>();
        for (Path photo : photos) {
            jobs.put(photo, api.submitJob(photo, options.style(), null, "png"));
        }
        console.printf("  %d jobs queued%n", jobs.size());
        Progress progress = new Progress(console);
        List<ContactSheet.Pair> pairs = new ArrayList<>();
        for (Map.Entry<Path, String> job : jobs.entrySet()) {
            JsonNode done = api.awaitJob(job.getValue(), Duration.ofMinutes(3));
            if (!"succeeded".equals(done.path("status").asText())) {
                throw new StackException("job " + job.getValue() + " for " + job.getKey().getFileName() + " failed: "
                        + done.path("failure"));
            }
            byte[] styled = api.download(done.path("output").path("url").asText());
            String name = job.getKey().getFileName().toString().replaceFirst("\\.[^.]+$", "");
            Path before = options.out().resolve(name + "-before" + extension(job.getKey()));
            Files.copy(job.getKey(), before, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Path after = options.out().resolve(name + "-after.png");
            Files.write(after, styled);
            pairs.add(new ContactSheet.Pair(name, ImageIO.read(before.toFile()),
                    ImageIO.read(new ByteArrayInputStream(styled))));
            progress.show(String.format("  jobs done: %d of %d (%s)", pairs.size(), jobs.size(), clock));
        }
        progress.done(String.format("  styled %d photos (%s)", pairs.size(), clock));
        return pairs;
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        return name.substring(name.lastIndexOf('.'));
    }

    private Path logOf(Service service) {
        return stack.config().logs().resolve(service.id() + ".log");
    }

    /** A step of the demo: announced, and on failure reported with the log (or folder of logs) to read. */
    private <T> T stage(String name, Path log, Step<T> step) {
        console.println("==> " + name);
        try {
            return step.run();
        } catch (Exception e) {
            throw new DemoFailure(name, log, e);
        }
    }

    @FunctionalInterface
    private interface Step<T> {
        T run() throws Exception;
    }

    /** A stage failed: what, why, and where to look. */
    public static final class DemoFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DemoFailure(String stage, Path log, Exception cause) {
            super("'" + stage + "' failed: " + (cause.getMessage() == null ? cause : cause.getMessage())
                    + (log == null ? "" : "\nLog: " + log.toAbsolutePath())
                    + "\nThe stack and services stay up for inspection (./atelier status, ./atelier logs);"
                    + " stop them with ./atelier down.", cause);
        }
    }

    /** Wall time since the demo started, printed as m:ss. */
    public static final class Stopwatch {
        private final long start = System.nanoTime();

        @Override
        public String toString() {
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            return String.format("%d:%02d", seconds / 60, seconds % 60);
        }
    }

    /** One updating line on a terminal; only changed lines when the output is a file or a pipe. */
    private static final class Progress {
        private final PrintStream console;
        private final boolean terminal = System.console() != null;
        private String last = "";

        Progress(PrintStream console) {
            this.console = console;
        }

        void show(String line) {
            String withoutClock = line.replaceAll("\\(\\d+:\\d\\d\\)$", "");
            if (terminal) {
                console.print("\r" + line + "   ");
            } else if (!withoutClock.equals(last)) {
                console.println(line);
            }
            last = withoutClock;
        }

        void done(String line) {
            if (terminal) {
                console.print("\r");
            }
            console.println(line + (terminal ? "   " : ""));
        }
    }
}
