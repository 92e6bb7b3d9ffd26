package io.atelier.infra.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code ./atelier up|down|status|logs|env} for the local stack. Exit codes: 0 done, 1 failed (the
 * message says why), 2 wrong usage.
 */
public final class LocalStackCli {

    private LocalStackCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    static int run(String[] args, Map<String, String> env) {
        if (args.length == 0) {
            return usage();
        }
        try {
            LocalStack stack = new LocalStack(LocalStackConfig.fromEnvironment(env));
            LocalServices services = new LocalServices(Path.of("").toAbsolutePath(), stack.config().home());
            List<String> rest = Arrays.asList(args).subList(1, args.length);
            switch (args[0]) {
                case "up" -> up(stack);
                case "down" -> down(stack, services, rest.contains("--purge"));
                case "status" -> {
                    stack.status().forEach(System.out::println);
                    services.status().forEach(System.out::println);
                    return stack.endpoints().isPresent() ? 0 : 3;
                }
                case "logs" -> logs(stack, services, rest);
                case "env" -> env(stack);
                case "free-ports" -> System.out.println(Ports.freePort() + " " + Ports.freePort() + " " + Ports.freePort());
                default -> {
                    return usage();
                }
            }
            return 0;
        } catch (StackException | IllegalArgumentException e) {
            System.err.println("atelier: " + e.getMessage());
            return 1;
        }
    }

    private static void up(LocalStack stack) {
        LocalStack.Started started = stack.up();
        StackEndpoints endpoints = started.endpoints();
        System.out.println(started.alreadyRunning() ? "Local stack already running."
                : "Started: " + String.join(", ", started.started()));
        if (!started.topicsCreated().isEmpty()) {
            System.out.println("Created topics: " + String.join(", ", started.topicsCreated()));
        }
        System.out.println("  Kafka      " + endpoints.bootstrapServers());
        System.out.println("  S3         " + endpoints.s3Endpoint() + "  (access key " + endpoints.s3AccessKey() + ")");
        System.out.println("  Data/logs  " + stack.config().home());
    }

    /** Services first, so that none of them spends its last seconds retrying a broker that is gone. */
    private static void down(LocalStack stack, LocalServices services, boolean purge) {
        List<String> stopped = new java.util.ArrayList<>(services.stopAll());
        stopped.addAll(stack.down());
        System.out.println(stopped.isEmpty() ? "Local stack was not running." : "Stopped: " + String.join(", ", stopped));
        if (purge) {
            stack.purge();
            System.out.println("Deleted " + stack.config().home());
        }
    }

    private static void logs(LocalStack stack, LocalServices services, List<String> which) throws StackException {
        List<Path> logs = new java.util.ArrayList<>(stack.logs());
        logs.addAll(services.logs());
        for (Path log : logs) {
            if (!which.isEmpty() && which.stream().noneMatch(w -> log.getFileName().toString().startsWith(w))) {
                continue;
            }
            System.out.println("==> " + log + " <==");
            try {
                List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
                lines.subList(Math.max(0, lines.size() - 50), lines.size()).forEach(System.out::println);
            } catch (IOException e) {
                throw new StackException("cannot read " + log + ": " + e.getMessage(), e);
            }
        }
    }

    private static void env(LocalStack stack) {
        StackEndpoints endpoints = stack.endpoints()
                .orElseThrow(() -> new StackException("the local stack is not running; start it with ./atelier up"));
        endpoints.serviceEnvironment().forEach((name, value) -> System.out.println("export " + name + "=" + value));
    }

    private static int usage() {
        System.err.println("""
                usage: atelier-stack <command>
                  up               start Kafka and the S3 server (harmless when running)
                  down [--purge]   stop them and the services; --purge also deletes their data
                  status           show what runs where (exit 3 when the stack is stopped)
                  logs [NAME...]   print the last lines of the logs (kafka, s3, ingest, trainer, inference)
                  env              print the services' configuration as shell exports""");
        return 2;
    }
}
