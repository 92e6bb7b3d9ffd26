package io.atelier.infra.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Where and how the local stack runs.
 *
 * @param home                folder for data, logs, pid files and the state file
 * @param kafkaPort           broker listener on 127.0.0.1
 * @param kafkaControllerPort KRaft controller listener on 127.0.0.1
 * @param s3Port              S3 endpoint on 127.0.0.1
 * @param s3AccessKey         access key the S3 server accepts
 * @param s3SecretKey         secret key the S3 server accepts
 * @param s3Engine            which S3 server to run
 * @param readinessTimeout    how long a component may take to become ready before start fails
 */
public record LocalStackConfig(Path home, int kafkaPort, int kafkaControllerPort, int s3Port, String s3AccessKey,
                               String s3SecretKey, S3Engine s3Engine, Duration readinessTimeout) {

    /** Which S3-compatible server the stack runs. */
    public enum S3Engine {
        /** {@code minio} when one is on PATH, else S3Proxy. */
        AUTO,
        /** S3Proxy from Maven Central with the filesystem-nio2 backend. */
        S3PROXY,
        /** A {@code minio} server binary from PATH. */
        MINIO
    }

    public static final String DEFAULT_ACCESS_KEY = "atelier";
    public static final String DEFAULT_SECRET_KEY = "atelier-secret-key";

    /**
     * Reads {@code ATELIER_HOME}, {@code ATELIER_KAFKA_PORT}, {@code ATELIER_KAFKA_CONTROLLER_PORT},
     * {@code ATELIER_S3_PORT}, {@code ATELIER_S3_ACCESS_KEY}, {@code ATELIER_S3_SECRET_KEY},
     * {@code ATELIER_S3_ENGINE} and {@code ATELIER_READY_TIMEOUT_SECONDS}, with the documented defaults.
     */
    public static LocalStackConfig fromEnvironment(Map<String, String> env) {
        return new LocalStackConfig(
                Path.of(env.getOrDefault("ATELIER_HOME", ".atelier")).toAbsolutePath().normalize(),
                port(env, "ATELIER_KAFKA_PORT", 9092),
                port(env, "ATELIER_KAFKA_CONTROLLER_PORT", 9093),
                port(env, "ATELIER_S3_PORT", 9000),
                env.getOrDefault("ATELIER_S3_ACCESS_KEY", DEFAULT_ACCESS_KEY),
                env.getOrDefault("ATELIER_S3_SECRET_KEY", DEFAULT_SECRET_KEY),
                engine(env.getOrDefault("ATELIER_S3_ENGINE", "auto")),
                Duration.ofSeconds(integer(env, "ATELIER_READY_TIMEOUT_SECONDS", 90)));
    }

    /** A stack in {@code home} on ports that are free right now. */
    public static LocalStackConfig onFreePorts(Path home) {
        return new LocalStackConfig(home, Ports.freePort(), Ports.freePort(), Ports.freePort(), DEFAULT_ACCESS_KEY,
                DEFAULT_SECRET_KEY, S3Engine.S3PROXY, Duration.ofSeconds(90));
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    public String s3Endpoint() {
        return "http://127.0.0.1:" + s3Port;
    }

    public Path logs() {
        return home.resolve("logs");
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        int port = integer(env, name, fallback);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + "=" + port + " is not a TCP port (1-65535)");
        }
        return port;
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "='" + value + "' is not a number", e);
        }
    }

    private static S3Engine engine(String value) {
        try {
            return S3Engine.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ATELIER_S3_ENGINE='" + value + "': use auto, s3proxy or minio", e);
        }
    }
}
