package io.atelier.load.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.atelier.load.LoadCli;
import io.atelier.load.LoadSettings;
import io.atelier.load.report.RunSummary;
import io.atelier.load.report.Stats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Gatling scenario, end to end, against a stand-in for the ingest service on loopback (no fleet):
 * every fourth upload is refused with 429, every other one becomes a job that succeeds 300 ms after
 * its 202. Checks the requests the scenario makes and the summary it writes (about 10 s).
 */
class HttpScenarioTest {

    private static final long JOB_MILLIS = 300;

    @TempDir
    Path out;

    private HttpServer server;
    private final Map<String, Long> jobs = new ConcurrentHashMap<>();
    private final Map<String, String> jobKeys = new ConcurrentHashMap<>();
    private final Set<String> idempotencyKeys = ConcurrentHashMap.newKeySet();
    private final Set<String> apiKeys = ConcurrentHashMap.newKeySet();
    private final AtomicInteger uploads = new AtomicInteger();
    private final AtomicInteger badUploads = new AtomicInteger();
    /** Uploads whose job has not yet been seen succeeded: the users the scenario has at work. */
    private final Set<String> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger mostOpen = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/api/v1/jobs", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("POST") && path.equals("/api/v1/jobs")) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String text = new String(body, StandardCharsets.ISO_8859_1);
                String key = exchange.getRequestHeaders().getFirst("X-API-Key");
                String idempotency = exchange.getRequestHeaders().getFirst("Idempotency-Key");
                if (key == null || idempotency == null || !idempotencyKeys.add(idempotency)
                        || !text.contains("name=\"style\"") || !text.contains("starry-night")
                        || !text.contains("name=\"image\"") || !text.contains("\u00ff\u00d8\u00ff")) {
                    badUploads.incrementAndGet();
                    respond(exchange, 400, "{}");
                    return;
                }
                apiKeys.add(key);
                open.add(idempotency);
                mostOpen.accumulateAndGet(open.size(), Math::max);
                if (uploads.incrementAndGet() % 4 == 0) {
                    open.remove(idempotency);
                    exchange.getResponseHeaders().add("Retry-After", "1");
                    respond(exchange, 429, "{\"type\":\"rate-limited\"}");
                    return;
                }
                String jobId = UUID.randomUUID().toString();
                jobs.put(jobId, System.currentTimeMillis());
                jobKeys.put(jobId, idempotency);
                respond(exchange, 202, "{\"jobId\":\"" + jobId + "\",\"status\":\"queued\"}");
            } else if (exchange.getRequestMethod().equals("GET")) {
                Long created = jobs.get(path.substring(path.lastIndexOf('/') + 1));
                if (created == null) {
                    respond(exchange, 404, "{}");
                } else if (System.currentTimeMillis() - created < JOB_MILLIS) {
                    respond(exchange, 200, "{\"status\":\"running\"}");
                } else {
                    open.remove(jobKeys.get(path.substring(path.lastIndexOf('/') + 1)));
                    respond(exchange, 200, "{\"status\":\"succeeded\",\"updatedAt\":\""
                            + Instant.ofEpochMilli(created + JOB_MILLIS) + "\"}");
                }
            } else {
                respond(exchange, 405, "{}");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Test
    void uploadsFollowsJobsAndSummarises() throws Exception {
        LoadSettings settings = LoadSettings.fromArgs(List.of(
                "--url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "--rate", "4", "--duration", "3s", "--ramp", "0s", "--size", "64,96",
                "--api-keys", "k1,k2", "--poll", "50ms", "--job-timeout", "10s",
                "--samples", "../infra/samples/content", "--out", out.toString()));

        RunSummary summary = LoadCli.http(settings, "test");

        assertThat(badUploads).as("malformed uploads").hasValue(0);
        assertThat(apiKeys).containsExactlyInAnyOrder("k1", "k2");
        assertThat(summary.sent()).isEqualTo(12).isEqualTo(uploads.get());
        assertThat(summary.counts()).containsEntry(HttpJobsSimulation.ACCEPTED, 9L)
                .containsEntry(HttpJobsSimulation.RATE_LIMITED, 3L)
                .containsEntry(HttpJobsSimulation.UNAVAILABLE, 0L)
                .containsEntry(HttpJobsSimulation.SUCCEEDED, 9L)
                .containsEntry(HttpJobsSimulation.TIMED_OUT, 0L)
                .containsEntry(HttpJobsSimulation.POLL_ERRORS, 0L);
        assertThat(summary.completed()).isEqualTo(9);

        Stats stored = summary.latencies().get(HttpJobsSimulation.E2E_STORED);
        assertThat(stored.count()).isEqualTo(9);
        // the stand-in stores the output 300 ms after it created the job, just before the 202 left
        assertThat(stored.p50()).isBetween(200.0, 310.0);
        Stats observed = summary.latencies().get(HttpJobsSimulation.E2E_OBSERVED);
        assertThat(observed.p50()).isBetween(290.0, 2000.0);
        assertThat(summary.latencies().get(HttpJobsSimulation.ACCEPT).count()).isEqualTo(9);

        assertThat(out.resolve("summary.md")).exists();
        assertThat(out.resolve("summary.png")).exists();
        try (var files = Files.walk(out.resolve("gatling"))) {
            assertThat(files.filter(p -> p.getFileName().toString().equals("index.html"))).hasSize(1);
        }
    }

    @Test
    void closedModelKeepsTheGivenNumberOfUsersAtWork() throws Exception {
        LoadSettings settings = LoadSettings.fromArgs(List.of(
                "--url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "--users", "3", "--duration", "3s", "--ramp", "0s", "--size", "64",
                "--poll", "50ms", "--job-timeout", "10s",
                "--samples", "../infra/samples/content", "--out", out.toString()));

        RunSummary summary = LoadCli.http(settings, "test");

        assertThat(badUploads).as("malformed uploads").hasValue(0);
        // never more than three at once, and three at once at some point
        assertThat(mostOpen).hasValue(3);
        // each user needs at least 300 ms a job (a 429 is answered at once): 3 users x 3 s allow at most 30 jobs
        long accepted = summary.counts().get(HttpJobsSimulation.ACCEPTED);
        assertThat(accepted).isBetween(9L, 30L);
        assertThat(summary.completed()).isEqualTo(accepted);
        assertThat(summary.sent()).isEqualTo(uploads.get());
        assertThat(out.resolve("summary.md")).content().contains("3 users").contains("closed model");
    }
}
