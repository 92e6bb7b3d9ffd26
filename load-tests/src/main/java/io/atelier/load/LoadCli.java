package io.atelier.load;

import io.atelier.load.http.HttpJobsSimulation;
import io.atelier.load.kafka.KafkaLoad;
import io.atelier.load.report.RunRecorder;
import io.atelier.load.report.RunSummary;
import io.atelier.load.report.SummaryWriter;
import io.atelier.load.sweep.Sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code ./atelier load http|kafka|sweep [options]}: runs a bounded load against a fleet and writes
 * Gatling's report (HTTP) and a one-page summary with a chart under {@code load-tests/target/load/}.
 */
public final class LoadCli {

    private LoadCli() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            System.out.println(usage());
            return;
        }
        List<String> options = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        try {
            switch (args[0]) {
                case "http" -> System.exit(keptPromises(http(settings(options, "http"), command(args))) ? 0 : 1);
                case "kafka" -> System.exit(KafkaLoad.run(settings(options, "kafka"), command(args)) ? 0 : 1);
                case "sweep" -> System.exit(Sweep.main(options) ? 0 : 1);
                default -> {
                    System.err.println(usage());
                    System.exit(2);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("atelier load: " + e.getMessage());
            System.exit(2);
        }
    }

    static LoadSettings settings(List<String> options, String kind) {
        LoadSettings settings = LoadSettings.fromArgs(options);
        if (!settings.openModel() && !kind.equals("http")) {
            throw new IllegalArgumentException("--users (a closed model) is for the HTTP scenario only; the Kafka "
                    + "producer and the sweep send at a rate");
        }
        return settings.out() != null ? settings : settings.withOut(defaultOut(kind));
    }

    /** {@code load-tests/target/load/<kind>-<time>}. */
    public static Path defaultOut(String kind) {
        return Path.of("load-tests", "target", "load",
                kind + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    static String command(String[] args) {
        return "./atelier load " + String.join(" ", args);
    }

    /**
     * Whether the fleet kept its promises: every upload answered as the API documents (202, or 429 / 503
     * to retry later: refusals past the limits are the design, not a failure) and every accepted job
     * succeeded. Says why on standard error when not.
     */
    static boolean keptPromises(RunSummary summary) {
        if (summary == null) {
            return false;
        }
        long accepted = summary.counts().getOrDefault(HttpJobsSimulation.ACCEPTED, 0L);
        long other = summary.counts().getOrDefault(HttpJobsSimulation.OTHER, 0L);
        if (summary.completed() != accepted || other > 0) {
            System.err.printf("atelier load: %d of %d accepted jobs succeeded; %d uploads got another status or "
                    + "no response%n", summary.completed(), accepted, other);
            return false;
        }
        return true;
    }

    /** Runs the Gatling simulation in this JVM, then writes the summary; null when Gatling did not run it. */
    public static RunSummary http(LoadSettings settings, String command) throws IOException {
        settings.requireLoopback("ATELIER_URL", settings.url().getHost());
        settings.toProperties().forEach(System::setProperty);
        System.setProperty("gatling.data.enableAnalytics", "false");
        Path gatlingResults = settings.out().resolve("gatling");
        Files.createDirectories(gatlingResults);
        System.out.printf("HTTP load: %s against %s, style %s, sizes %s%n", arrivals(settings), settings.url(),
                settings.style(), settings.sizes());
        System.setProperty(HttpJobsSimulation.COMMAND_PROPERTY, command);
        RunRecorder before = HttpJobsSimulation.lastRun();
        int status = io.gatling.app.Gatling$.MODULE$.fromArgs(new String[]{
                "--simulation", HttpJobsSimulation.class.getName(),
                "--results-folder", gatlingResults.toString(),
                "--run-description", "atelier load http"});
        Path json = settings.out().resolve("summary.json");
        if (HttpJobsSimulation.lastRun() == before || !Files.isRegularFile(json)) {
            System.err.println("atelier load: Gatling did not run the simulation (status " + status + ")");
            return null;
        }
        reportIndex(gatlingResults).ifPresent(index -> System.out.println("Gatling's report: "
                + index.toAbsolutePath()));
        return SummaryWriter.read(json);
    }

    public static Map<String, String> summarySettings(LoadSettings s) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("target", s.url().toString());
        m.put("style", s.style());
        m.put(s.openModel() ? "arrival rate" : "users", arrivals(s));
        m.put("photo sizes (longest side, px)", s.sizes().toString());
        m.put("API keys", Integer.toString(s.apiKeys().size()));
        m.put("status poll interval", s.poll().toMillis() + " ms");
        m.put("job timeout", s.jobTimeout().toSeconds() + " s");
        m.put("machine", Runtime.getRuntime().availableProcessors() + " CPUs, Java " + System.getProperty("java.version"));
        return m;
    }

    /** How uploads arrive, in words: the open model's rates or the closed model's users. */
    public static String arrivals(LoadSettings s) {
        String ramp = s.ramp().toMillis() / 1000.0 + " s";
        String duration = s.duration().toMillis() / 1000.0 + " s";
        return s.openModel()
                ? "ramp " + s.rampFrom() + " to " + s.rate() + " jobs/s over " + ramp + ", then " + s.rate()
                        + " jobs/s for " + duration + " (open model, about " + s.plannedJobs() + " jobs)"
                : s.users() + " users (ramped up over " + ramp + "), each uploading and following its job to the end "
                        + "before the next, for " + duration + " (closed model)";
    }

    private static Optional<Path> reportIndex(Path results) throws IOException {
        try (Stream<Path> files = Files.walk(results, 2)) {
            return files.filter(p -> p.getFileName().toString().equals("index.html")).findFirst();
        }
    }

    static String usage() {
        return """
                usage: ./atelier load http|kafka|sweep [options]

                  http    Gatling: uploads at an open arrival rate, each job polled to its end
                  kafka   jobs produced straight to Kafka on a fixed schedule; latency to style-job.completed
                  sweep   find the highest rate whose p99 stays bounded, then run at 50/70/90/120 % of it

                options (http and kafka):
                  --rate R            jobs/s after the ramp (default 1, at most 200)
                  --users N           http only: a closed model instead of --rate, N users each uploading and
                                      following its job before the next (like N clients in a loop; default 0: off)
                  --duration D        how long at that rate: 30s, 2m (default 30s, with the ramp at most 10m)
                  --ramp D            ramp from --ramp-from to --rate first (default 5s; 0s for none)
                  --ramp-from R       (default 0.1)
                  --size PX[,PX...]   longest sides of the photos, used in turn (default 256,512)
                  --style NAME        a style that has a model (default starry-night: run ./atelier demo first)
                  --api-keys K[,K...] used in turn (default $ATELIER_API_KEY or demo-key)
                  --poll D            status poll interval (default 250ms)
                  --job-timeout D     longest wait for one job (default 120s)
                  --input inline|claim-check   Kafka jobs: the photo in the event (JPEG, at most 256 KiB) or
                                      as PNG in object storage first (default inline)
                  --s3 URL            the object store for claim-check jobs (default $ATELIER_STORAGE_ENDPOINT
                                      or http://127.0.0.1:$ATELIER_S3_PORT; keys: --s3-access-key, --s3-secret-key,
                                      default $ATELIER_S3_ACCESS_KEY/$ATELIER_S3_SECRET_KEY or the local stack's)
                  --samples DIR       the photos (default infra/samples/content)
                  --url URL           the ingest service (default $ATELIER_URL or http://127.0.0.1:$ATELIER_INGEST_PORT)
                  --bootstrap HOSTS   Kafka (default $KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:$ATELIER_KAFKA_PORT)
                  --out DIR           (default load-tests/target/load/<kind>-<time>)
                  --allow-remote      allow targets that are not loopback addresses

                sweep: ./atelier load sweep --help""";
    }
}
