package io.atelier.load.http;

import io.atelier.load.LoadCli;
import io.atelier.load.LoadSettings;
import io.atelier.load.Photos;
import io.atelier.load.report.RunRecorder;
import io.atelier.load.report.RunSummary;
import io.atelier.load.report.SummaryWriter;
import io.gatling.javaapi.core.ClosedInjectionStep;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.ByteArrayBodyPart;
import static io.gatling.javaapi.http.HttpDsl.StringBodyPart;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The HTTP scenario, an open workload by default: virtual users arrive at a ramping, then constant, rate
 * whatever the fleet's state (no user waits for another), so queueing shows. With {@code --users N} a
 * closed one instead: N users at a time, each replaced when its job ended (N clients in a loop: the
 * fleet's rate at that concurrency, not its latency under a given load). Each uploads a photo (taken
 * in turn from the samples at the configured sizes) with an API key (in turn) and a fresh Idempotency-Key, then, when
 * answered 202, polls {@code GET /api/v1/jobs/{id}} until the job succeeded or failed.
 *
 * <p>Besides Gatling's own report it records, in {@link #lastRun()}:
 * <ul>
 *   <li>{@value #ACCEPT}: from the user's arrival (the intended send time) to the 202;</li>
 *   <li>{@value #E2E_STORED}: from the 202 to the {@code updatedAt} of the succeeded status, which the
 *       worker writes right after the output (same clock: the fleet on this machine);</li>
 *   <li>{@value #E2E_OBSERVED}: from the 202 to the poll that saw the success (at most one poll
 *       interval later).</li>
 * </ul>
 * Settings come from {@code atelier.load.*} system properties ({@link LoadSettings}).
 */
public class HttpJobsSimulation extends Simulation {

    public static final String SENT = "uploads sent";
    public static final String ACCEPTED = "202 accepted";
    public static final String RATE_LIMITED = "429 rate limited";
    public static final String UNAVAILABLE = "503 unavailable (queue full, or queue or storage down)";
    public static final String OTHER = "other status or no response";
    public static final String SUCCEEDED = "jobs succeeded";
    public static final String FAILED = "jobs failed";
    public static final String TIMED_OUT = "jobs not finished within job-timeout";
    public static final String POLL_ERRORS = "status polls not answered 200";
    public static final String ACCEPT = "accept (arrival to 202)";
    public static final String E2E_STORED = "end to end (202 to output stored)";
    public static final String E2E_OBSERVED = "end to end (202 to success seen by polling)";

    /** The command line the summary names; the Gatling Maven plugin's when unset. */
    public static final String COMMAND_PROPERTY = LoadSettings.PREFIX + "command";

    /** Where runs without {@code atelier.load.out} write their summary folder. */
    public static final String RESULTS_PROPERTY = LoadSettings.PREFIX + "results";

    private static volatile RunRecorder lastRun;

    private final LoadSettings settings;

    private final RunRecorder run = new RunRecorder(
            List.of(SENT, ACCEPTED, RATE_LIMITED, UNAVAILABLE, OTHER, SUCCEEDED, FAILED, TIMED_OUT, POLL_ERRORS),
            List.of(ACCEPT, E2E_STORED, E2E_OBSERVED));

    /** What the simulation that ran last in this JVM recorded. */
    public static RunRecorder lastRun() {
        return lastRun;
    }

    public HttpJobsSimulation() {
        LoadSettings given = LoadSettings.fromSystemProperties();
        // without atelier.load.out (the Maven plugin): a new folder under atelier.load.results
        settings = given.out() != null ? given : given.withOut(Path.of(System.getProperty(RESULTS_PROPERTY,
                "target/load"), "http-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        settings.requireLoopback("ATELIER_URL", settings.url().getHost());
        lastRun = run;
        List<Photos.Photo> photos = Photos.load(settings.samples(), settings.sizes());
        long timeoutNanos = settings.jobTimeout().toNanos();

        HttpProtocolBuilder protocol = http.baseUrl(settings.url().toString())
                .acceptHeader("application/json")
                .userAgentHeader("atelier-load-tests");

        ScenarioBuilder upload = scenario("upload a photo and follow the job")
                .feed(feeder(photos, settings.apiKeys()))
                .exec(session -> {
                    run.count(SENT);
                    long now = System.nanoTime();
                    run.sent(run.millisAt(now));
                    return session.set("arrivedAt", now);
                })
                .exec(http("upload").post("/api/v1/jobs")
                        .header("X-API-Key", "#{apiKey}")
                        .header("Idempotency-Key", "#{idempotencyKey}")
                        .bodyPart(ByteArrayBodyPart("image", session -> (byte[]) session.get("jpeg"))
                                .fileName("#{fileName}").contentType("image/jpeg"))
                        .bodyPart(StringBodyPart("style", settings.style()))
                        .asMultipartForm()
                        .check(status().saveAs("httpStatus"), status().is(202),
                                jsonPath("$.jobId").saveAs("jobId")))
                .exec(this::accepted)
                .doIf(session -> session.contains("jobId")).then(
                        exec(session -> session.set("jobStatus", "queued"))
                                .asLongAs(session -> !terminal(session)
                                        && System.nanoTime() - session.getLong("acceptedAt") < timeoutNanos).on(
                                        pause(settings.poll()),
                                        exec(session -> session.remove("pollStatus")),
                                        exec(http("status").get("/api/v1/jobs/#{jobId}")
                                                .header("X-API-Key", "#{apiKey}")
                                                .check(status().saveAs("pollStatus"), status().is(200),
                                                        jsonPath("$.status").saveAs("jobStatus"),
                                                        jsonPath("$.updatedAt").optional().saveAs("updatedAt"))),
                                        exec(session -> {
                                            if (!session.contains("pollStatus") || session.getInt("pollStatus") != 200) {
                                                run.count(POLL_ERRORS);
                                            }
                                            return session;
                                        }))
                                .exec(this::finished));

        setUp(inject(upload).protocols(protocol))
                .maxDuration(settings.ramp().plus(settings.duration()).plus(settings.jobTimeout())
                        .plus(Duration.ofSeconds(30)));
    }

    /** Open model: arrivals at the ramped rate; closed model: a fixed number of users, each replaced when done. */
    private PopulationBuilder inject(ScenarioBuilder upload) {
        if (settings.openModel()) {
            List<OpenInjectionStep> steps = new ArrayList<>();
            if (!settings.ramp().isZero()) {
                steps.add(rampUsersPerSec(settings.rampFrom()).to(settings.rate()).during(settings.ramp()));
            }
            steps.add(constantUsersPerSec(settings.rate()).during(settings.duration()));
            return upload.injectOpen(steps);
        }
        List<ClosedInjectionStep> steps = new ArrayList<>();
        if (!settings.ramp().isZero()) {
            steps.add(rampConcurrentUsers(1).to(settings.users()).during(settings.ramp()));
        }
        steps.add(constantConcurrentUsers(settings.users()).during(settings.duration()));
        return upload.injectClosed(steps);
    }

    /** Writes the one-page summary (Gatling's own report follows it). */
    @Override
    public void after() {
        List<String> notes = List.of("Gatling's HTML report: gatling/*/index.html beside this file.",
                "Accept latency counts from each virtual user's arrival (in the open model its intended send "
                        + "time), so a slow gateway does not hide queueing. End to end uses the status' updatedAt "
                        + "(written after the output) against the client's clock at the 202: meaningful when both run on one machine.");
        RunSummary summary = RunSummary.of(run, "Atelier HTTP load: " + (settings.openModel()
                        ? settings.rate() + " jobs/s" : settings.users() + " users") + " for "
                        + settings.duration().toSeconds() + " s",
                System.getProperty(COMMAND_PROPERTY, "mvn -pl load-tests gatling:test (atelier.load.* properties)"),
                LoadCli.summarySettings(settings), SENT, ACCEPTED, SUCCEEDED, E2E_STORED, notes);
        try {
            Path md = SummaryWriter.write(summary, settings.out());
            System.out.println();
            System.out.println(SummaryWriter.latencyTable(summary.latencies()));
            System.out.println("counts: " + summary.counts());
            System.out.println("Summary: " + md.toAbsolutePath() + " (chart: summary.png beside it)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the summary to " + settings.out(), e);
        }
    }

    private static Iterator<Map<String, Object>> feeder(List<Photos.Photo> photos, List<String> keys) {
        AtomicLong next = new AtomicLong();
        return Stream.generate(() -> {
            long i = next.getAndIncrement();
            Photos.Photo photo = photos.get((int) (i % photos.size()));
            return Map.<String, Object>of("jpeg", photo.jpeg(),
                    "fileName", photo.name().replace(".jpg@", "-") + ".jpg",
                    "apiKey", keys.get((int) (i % keys.size())),
                    "idempotencyKey", UUID.randomUUID().toString());
        }).iterator();
    }

    private Session accepted(Session session) {
        long now = System.nanoTime();
        int status = session.contains("httpStatus") ? session.getInt("httpStatus") : 0;
        switch (status) {
            case 202 -> {
                run.count(ACCEPTED);
                run.latency(ACCEPT).record(run.millisAt(now),
                        TimeUnit.NANOSECONDS.toMicros(now - session.getLong("arrivedAt")));
            }
            case 429 -> run.count(RATE_LIMITED);
            case 503 -> run.count(UNAVAILABLE);
            default -> run.count(OTHER);
        }
        if (status != 202) {
            return session.remove("jobId");
        }
        return session.set("acceptedAt", now).set("acceptedAtEpochMillis", System.currentTimeMillis());
    }

    private Session finished(Session session) {
        long now = System.nanoTime();
        String state = session.getString("jobStatus");
        long acceptedAt = session.getLong("acceptedAt");
        if ("succeeded".equals(state)) {
            run.count(SUCCEEDED);
            run.latency(E2E_OBSERVED).record(run.millisAt(now), TimeUnit.NANOSECONDS.toMicros(now - acceptedAt));
            if (session.contains("updatedAt")) {
                long storedMillis = epochMillis(session.getString("updatedAt"))
                        - session.getLong("acceptedAtEpochMillis");
                long e2eMillis = Math.max(0, storedMillis);
                run.latency(E2E_STORED).record(run.millisAt(acceptedAt) + e2eMillis, e2eMillis * 1000);
            }
        } else if ("failed".equals(state)) {
            run.count(FAILED);
        } else {
            run.count(TIMED_OUT);
        }
        return session;
    }

    /** An ISO-8601 instant, or seconds since the epoch with a fraction (Jackson's numeric form). */
    static long epochMillis(String instant) {
        if (!instant.isEmpty() && Character.isDigit(instant.charAt(instant.length() - 1))
                && instant.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
            return new java.math.BigDecimal(instant).movePointRight(3).longValue();
        }
        return Instant.parse(instant).toEpochMilli();
    }

    private static boolean terminal(Session session) {
        String state = session.getString("jobStatus");
        return "succeeded".equals(state) || "failed".equals(state);
    }
}
