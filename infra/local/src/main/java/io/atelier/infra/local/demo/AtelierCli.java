package io.atelier.infra.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.atelier.infra.local.LocalServices;
import io.atelier.infra.local.LocalServices.Service;
import io.atelier.infra.local.LocalStack;
import io.atelier.infra.local.LocalStackConfig;
import io.atelier.infra.local.StackEndpoints;
import io.atelier.infra.local.StackException;
import io.atelier.infra.local.api.ApiException;
import io.atelier.infra.local.api.AtelierApi;
import io.atelier.schemas.training.TrainingProfile;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./atelier demo|start|train|stylize|eval}: the commands that run the services and talk to them.
 * {@code train} and {@code stylize} use only the HTTP API, so they work against any Atelier, not just
 * the local one. Exit codes: 0 done, 1 failed (the message says why), 2 wrong usage.
 */
public final class AtelierCli {

    private static final String PROFILES = String.join("|", TrainingProfile.names());

    private AtelierCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    static int run(String[] args, Map<String, String> env) {
        if (args.length == 0) {
            return usage();
        }
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        try {
            LocalStack stack = new LocalStack(LocalStackConfig.fromEnvironment(env));
            LocalServices services = new LocalServices(Path.of("").toAbsolutePath(), stack.config().home());
            String apiKey = env.getOrDefault("ATELIER_API_KEY", Demo.DEFAULT_API_KEY);
            switch (args[0]) {
                case "demo" -> {
                    Demo.Options options = new Demo.Options(Path.of(option(rest, "--samples", "infra/samples")),
                            Path.of(option(rest, "--out", "out")), option(rest, "--style", "starry-night"),
                            option(rest, "--painting", "vangogh_starry_night.jpg"),
                            Integer.parseInt(option(rest, "--photos", "6")), rest.remove("--retrain"),
                            rest.remove("--down"), Duration.ofMinutes(Long.parseLong(option(rest,
                            "--timeout-minutes", "15"))));
                    if (!rest.isEmpty()) {
                        throw new IllegalArgumentException("unknown demo option(s) " + rest + "; see ./atelier help");
                    }
                    new Demo(stack, services, ports(env), apiKey, System.out).run(options);
                }
                case "start" -> start(stack, services, ports(env), apiKey);
                case "restart" -> restart(stack, services, env, apiKey, rest);
                case "train" -> train(api(env, services, apiKey), rest);
                case "stylize" -> stylize(api(env, services, apiKey), rest);
                case "eval" -> eval(stack, rest);
                default -> {
                    return usage();
                }
            }
            return 0;
        } catch (Demo.DemoFailure | StackException | ApiException | IllegalArgumentException e) {
            System.err.println("\natelier: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            System.err.println("\natelier: " + e);
            return 1;
        }
    }

    /**
     * Starts the stack and the three services with the demo's key, as the demo does, seeds the bundled
     * photos as the content corpus that new styles train on, and stops there.
     */
    private static void start(LocalStack stack, LocalServices services, Map<Service, Integer> ports, String apiKey)
            throws Exception {
        StackEndpoints endpoints = stack.up().endpoints();
        Map<Service, LocalServices.Running> running = new Demo(stack, services, ports, apiKey, System.out)
                .startFleet(endpoints, new Demo.Stopwatch());
        int photos = SampleCorpus.seed(endpoints, Path.of("infra/samples/content"), "samples").size();
        System.out.printf("Content corpus: %d sample photos.%nWeb page: %s/  (API key: %s)%n", photos,
                running.get(Service.INGEST).url(), apiKey);
    }

    /**
     * {@code restart kafka|s3|ingest|trainer|inference}: stops that one component and starts it again;
     * a service on the same port and with the settings it was started with, unless this shell sets them
     * anew. Everything else keeps running, and whatever else was down is started too.
     */
    private static void restart(LocalStack stack, LocalServices services, Map<String, String> env,
                                String apiKey, List<String> args) {
        String which = args.size() == 1 ? args.get(0) : "";
        for (LocalStack.Component component : LocalStack.Component.values()) {
            if (component.id().equals(which)) {
                LocalStack.Started started = stack.restart(component);
                System.out.println("Restarted: " + String.join(", ", started.started()));
                return;
            }
        }
        Service service = java.util.Arrays.stream(Service.values()).filter(s -> s.id().equals(which)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "usage: ./atelier restart kafka|s3|ingest|trainer|inference"));
        Map<Service, Integer> ports = ports(env);
        if (!env.containsKey(service.portVariable())) {
            services.running(service).ifPresent(running -> ports.put(service, running.port()));
        }
        services.stop(service);
        new Demo(stack, services, ports, apiKey, System.out).startFleet(stack.up().endpoints(), new Demo.Stopwatch());
    }

    /** {@code train NAME IMAGE... [--profile P] [--wait] [name=value ...]} */
    private static void train(AtelierApi api, List<String> args) throws InterruptedException {
        String named = option(args, "--profile", null);
        TrainingProfile profile = named == null ? TrainingProfile.DEFAULT : TrainingProfile.named(named);
        boolean wait = args.remove("--wait");
        if (args.size() < 2) {
            throw new IllegalArgumentException("usage: ./atelier train NAME IMAGE... [--profile " + PROFILES + "]"
                    + " [--wait] [steps=N alpha=A ...]");
        }
        String name = args.get(0);
        Map<String, String> parameters = new LinkedHashMap<>();
        List<Path> images = new ArrayList<>();
        for (String arg : args.subList(1, args.size())) {
            if (arg.contains("=") && !Files.exists(Path.of(arg))) {
                parameters.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                images.add(existing(Path.of(arg)));
            }
        }
        String runId = api.trainStyle(name, images, profile, parameters);
        System.out.println("Training run " + runId + " queued for style '" + name + "'.");
        if (!wait) {
            System.out.println("Follow it with: curl -H 'X-API-Key: ...' " + api.base() + "/api/v1/styles/" + name);
            return;
        }
        String[] last = {""};
        JsonNode run = api.awaitRun(name, runId, Duration.ofHours(24), current -> {
            String line = current == null ? "queued" : current.path("state").asText() + " at step "
                    + current.path("step").asLong() + " of " + current.path("totalSteps").asLong();
            if (!line.equals(last[0])) {
                System.out.println("  " + line);
                last[0] = line;
            }
        });
        System.out.println("Style '" + name + "' is ready: model " + run.path("modelVersion").asText());
    }

    /** {@code eval STYLE [PHOTOS...] [--version vN] [--out DIR]}: the style's model on photos, with the quality report. */
    private static void eval(LocalStack stack, List<String> args) throws Exception {
        String version = option(args, "--version", null);
        Path out = Path.of(option(args, "--out", "target/eval"));
        if (args.isEmpty() || args.get(0).startsWith("--")) {
            throw new IllegalArgumentException("usage: ./atelier eval STYLE [PHOTOS...] [--version vN] [--out DIR]");
        }
        String style = args.remove(0);
        List<Path> photos = args.isEmpty() ? SampleCorpus.photos(Path.of("infra/samples/content"))
                : args.stream().map(Path::of).toList();
        StackEndpoints endpoints = stack.endpoints().orElseThrow(() -> new IllegalArgumentException(
                "the local stack is not running; ./atelier start (or demo) first"));
        ModelEval.run(endpoints, style, version, photos, out, System.out);
    }

    /** {@code stylize IMAGE STYLE [-o FILE] [--max-side N] [--format png|jpeg]} */
    private static void stylize(AtelierApi api, List<String> args) throws Exception {
        String out = option(args, "-o", null);
        String maxSide = option(args, "--max-side", null);
        String format = option(args, "--format", "png");
        if (args.size() != 2) {
            throw new IllegalArgumentException("usage: ./atelier stylize IMAGE STYLE [-o FILE] [--max-side N]"
                    + " [--format png|jpeg]");
        }
        Path image = existing(Path.of(args.get(0)));
        String jobId = api.submitJob(image, args.get(1), maxSide == null ? null : Integer.valueOf(maxSide), format);
        JsonNode job = api.awaitJob(jobId, Duration.ofMinutes(5));
        if (!"succeeded".equals(job.path("status").asText())) {
            throw new ApiException(0, "job " + jobId + " failed: " + job.path("failure"));
        }
        Path target = Path.of(out != null ? out : image.getFileName().toString().replaceFirst("\\.[^.]+$", "")
                + "-" + args.get(1) + ("jpeg".equals(format) ? ".jpg" : ".png"));
        Files.write(target, api.download(job.path("output").path("url").asText()));
        System.out.println("Wrote " + target + " (job " + jobId + ", model " + job.path("modelVersion").asText() + ")");
    }

    /** {@code ATELIER_URL}, else the local ingest service when it runs, else its default port. */
    private static AtelierApi api(Map<String, String> env, LocalServices services, String apiKey) {
        URI base = env.containsKey("ATELIER_URL") ? URI.create(env.get("ATELIER_URL"))
                : services.running(Service.INGEST).map(LocalServices.Running::url)
                .orElse(URI.create("http://127.0.0.1:" + Service.INGEST.port(env)));
        return new AtelierApi(base, apiKey);
    }

    private static Map<Service, Integer> ports(Map<String, String> env) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, service.port(env));
        }
        return ports;
    }

    /** Removes {@code name value} from the arguments and returns the value. */
    private static String option(List<String> args, String name, String fallback) {
        int at = args.indexOf(name);
        if (at < 0) {
            return fallback;
        }
        if (at + 1 >= args.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        String value = args.remove(at + 1);
        args.remove(at);
        return value;
    }

    private static Path existing(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is not a file");
        }
        return file;
    }

    private static int usage() {
        System.err.println("""
                usage: atelier <command>
                  demo [--down] [--retrain] [--style NAME --painting FILE] [--photos N] [--out DIR]
                  start                        the stack and the three services, with the demo's API key
                  restart kafka|s3|ingest|trainer|inference   stop one component and start it again
                  train NAME IMAGE... [--profile %s] [--wait] [steps=N alpha=A ...]
                  stylize IMAGE STYLE [-o FILE] [--max-side N] [--format png|jpeg]
                  eval STYLE [PHOTOS...] [--version vN] [--out DIR]""".formatted(PROFILES));
        return 2;
    }
}
