package io.atelier.infra.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.atelier.schemas.json.EventJson;
import io.atelier.schemas.training.TrainingProfile;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A client of the ingest service's HTTP API, as any other system would use it: the demo, the
 * {@code train} and {@code stylize} commands and the fleet test go through it, never around it.
 */
public final class AtelierApi {

    /** Job states after which nothing changes. */
    public static final Set<String> TERMINAL_JOB_STATES = Set.of("succeeded", "failed");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final URI base;
    private final String apiKey;

    /**
     * @param base   the ingest service, e.g. {@code http://127.0.0.1:8080}
     * @param apiKey sent as {@code X-API-Key}
     */
    public AtelierApi(URI base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
    }

    public URI base() {
        return base;
    }

    /**
     * Asks for a new style to be trained (admin key); returns the run id.
     *
     * @param parameters explicit training parameters by form field name (steps, cropSize, ...)
     */
    public String trainStyle(String name, List<Path> styleImages, TrainingProfile profile,
                             Map<String, String> parameters) {
        Multipart form = new Multipart().field("name", name).field("profile", profile.wireName());
        parameters.forEach(form::field);
        for (Path image : styleImages) {
            form.file("image", image.getFileName().toString(), contentType(image), read(image));
        }
        return send(post("/api/v1/styles", form), 202).path("runId").asText();
    }

    /**
     * Registers an ONNX generator trained elsewhere as the style's next version (the trainer's admin
     * API: this client's base is the trainer and its key the admin key); returns the published event.
     */
    public JsonNode importModel(String style, Path onnx, String source) {
        Multipart form = new Multipart().file("model", onnx.getFileName().toString(), "application/octet-stream",
                read(onnx)).field("source", source);
        return send(post("/api/v1/models/" + style, form), 201);
    }

    /**
     * Makes a version current although the quality gate held it back (the trainer's admin API, like
     * {@link #importModel}); returns the announced event.
     */
    public JsonNode promoteModel(String style, String version) {
        return send(request("/api/v1/models/" + style + "/" + version + "/promote")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), 200);
    }

    /** The style with its versions and training runs; empty when the API knows no such style. */
    public Optional<JsonNode> style(String name) {
        HttpResponse<byte[]> response = exchange(request("/api/v1/styles/" + name).GET().build());
        return response.statusCode() == 404 ? Optional.empty() : Optional.of(body(response, 200));
    }

    /**
     * Polls the style until the training run is terminal, telling {@code progress} about each look
     * (the run's view, or null while no trainer has recorded it); returns the succeeded run, fails
     * with the run's reason when it failed or when the timeout passes first.
     */
    public JsonNode awaitRun(String style, String runId, Duration timeout, Consumer<JsonNode> progress)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode run = null;
            for (JsonNode candidate : style(style).map(s -> s.path("training")).orElse(MissingNode.getInstance())) {
                if (runId.equals(candidate.path("runId").asText())) {
                    run = candidate;
                }
            }
            String state = run == null ? "queued" : run.path("state").asText();
            if (state.equals("succeeded")) {
                return run;
            }
            if (state.equals("failed")) {
                throw new ApiException(0, "training run " + runId + " failed: " + run.path("failure").asText());
            }
            progress.accept(run);
            if (System.nanoTime() > deadline) {
                throw new ApiException(0, "training run " + runId + " is still " + state + " after "
                        + timeout.toMinutes() + " minutes");
            }
            Thread.sleep(1000);
        }
    }

    /** Uploads a photo to be styled; returns the job id. */
    public String submitJob(Path image, String style, Integer maxSide, String format) {
        return submitJob(image, style, maxSide, format, null);
    }

    /**
     * Uploads a photo to be styled under an {@code Idempotency-Key} (none when null): sending the same
     * key again, after an answer that never came, reaches the same job.
     */
    public String submitJob(Path image, String style, Integer maxSide, String format, String idempotencyKey) {
        Multipart form = new Multipart().file("image", image.getFileName().toString(), contentType(image), read(image))
                .field("style", style);
        if (maxSide != null) {
            form.field("maxSide", maxSide.toString());
        }
        if (format != null) {
            form.field("format", format);
        }
        HttpRequest.Builder request = request("/api/v1/jobs").header("Content-Type", form.contentType());
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request.POST(form.publisher()).build(), 202).path("jobId").asText();
    }

    public JsonNode job(String jobId) {
        return send(request("/api/v1/jobs/" + jobId).GET().build(), 200);
    }

    /** Polls the job until it is terminal; fails when the timeout passes first. */
    public JsonNode awaitJob(String jobId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode job = job(jobId);
            if (TERMINAL_JOB_STATES.contains(job.path("status").asText())) {
                return job;
            }
            if (System.nanoTime() > deadline) {
                throw new ApiException(0, "job " + jobId + " is still " + job.path("status").asText() + " after "
                        + timeout.toSeconds() + " s");
            }
            Thread.sleep(250);
        }
    }

    /** The bytes behind a job's presigned output URL. */
    public byte[] download(String url) {
        HttpResponse<byte[]> response = exchange(HttpRequest.newBuilder(URI.create(url)).GET()
                .timeout(Duration.ofSeconds(60)).build());
        if (response.statusCode() != 200) {
            throw new ApiException(response.statusCode(), "download of " + url + " answered " + response.statusCode());
        }
        return response.body();
    }

    private HttpRequest post(String path, Multipart form) {
        return request(path).header("Content-Type", form.contentType()).POST(form.publisher()).build();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).header("X-API-Key", apiKey)
                .header("Accept", "application/json");
    }

    private JsonNode send(HttpRequest request, int expected) {
        return body(exchange(request), expected);
    }

    private JsonNode body(HttpResponse<byte[]> response, int expected) {
        if (response.statusCode() != expected) {
            throw new ApiException(response.statusCode(), response.request().method() + " "
                    + response.request().uri().getPath() + " answered " + response.statusCode() + ": "
                    + problem(response.body()));
        }
        try {
            return EventJson.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new ApiException(response.statusCode(), "unreadable answer from " + response.request().uri());
        }
    }

    private HttpResponse<byte[]> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ApiException(0, "cannot reach " + request.uri() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, "interrupted while calling " + request.uri());
        }
    }

    /** The problem document's title and detail, or the raw text when it is not one. */
    private static String problem(byte[] body) {
        try {
            JsonNode problem = EventJson.mapper().readTree(body);
            return problem.path("title").asText("") + ": " + problem.path("detail").asText("");
        } catch (IOException e) {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ApiException(0, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The media type a file's extension names: PNG, JPEG, or octet-stream for the server to judge. */
    public static String contentType(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return "image/png";
        }
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        return "application/octet-stream";
    }
}
