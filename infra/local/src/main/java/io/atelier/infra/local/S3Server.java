package io.atelier.infra.local;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real S3-compatible server on loopback: S3Proxy over the local file system, or a {@code minio}
 * binary when one is on PATH and the engine allows it. Data lives under {@code home/s3}.
 */
public final class S3Server {

    static final String S3PROXY_MAIN = "org.gaul.s3proxy.Main";
    /** The first argument of S3Proxy's command line, by which tools tell its process apart. */
    public static final String S3PROXY_MARKER = "-Datelier.component=s3proxy";
    /** Region every Atelier client names, so that no client has to ask the server for it. */
    public static final String REGION = "us-east-1";

    private final LocalStackConfig config;
    private final Path dir;
    private final LocalStackConfig.S3Engine engine;
    private final ManagedProcess process;

    public S3Server(LocalStackConfig config) {
        this.config = config;
        this.dir = config.home().resolve("s3");
        this.engine = resolve(config.s3Engine());
        this.process = new ManagedProcess(engine == LocalStackConfig.S3Engine.MINIO ? "MinIO server" : "S3Proxy server",
                config.home().resolve("pids/s3.pid"), config.logs().resolve("s3.log"),
                engine == LocalStackConfig.S3Engine.MINIO ? "minio" : S3PROXY_MARKER);
    }

    public ManagedProcess process() {
        return process;
    }

    public LocalStackConfig.S3Engine engine() {
        return engine;
    }

    /** Starts the server, waits until it lists buckets, then creates the missing ones. */
    public void start(List<String> buckets) {
        Ports.requireFree(config.s3Port(), "S3 server", "ATELIER_S3_PORT");
        ProcessHandle handle = engine == LocalStackConfig.S3Engine.MINIO ? startMinio() : startS3Proxy();
        Readiness.await(process, handle, config.readinessTimeout(), this::answers);
        ensureBuckets(buckets);
    }

    public boolean answers() {
        if (!Ports.answers(config.s3Port())) {
            return false;
        }
        try (MinioClient client = client()) {
            client.listBuckets();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    public MinioClient client() {
        return MinioClient.builder()
                .endpoint(config.s3Endpoint())
                .credentials(config.s3AccessKey(), config.s3SecretKey())
                .region(REGION)
                .build();
    }

    /** Creates each bucket that does not exist yet. */
    public void ensureBuckets(List<String> buckets) {
        try (MinioClient client = client()) {
            for (String bucket : buckets) {
                if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                }
            }
        } catch (Exception e) {
            throw new StackException("cannot create buckets on " + config.s3Endpoint() + ": " + e.getMessage(), e);
        }
    }

    private ProcessHandle startS3Proxy() {
        try {
            Path data = Files.createDirectories(dir.resolve("data"));
            Path properties = dir.resolve("s3proxy.properties");
            Files.writeString(properties, String.join("\n",
                    "# Written by Atelier's local stack on every start.",
                    "s3proxy.endpoint=" + config.s3Endpoint(),
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + config.s3AccessKey(),
                    "s3proxy.credential=" + config.s3SecretKey(),
                    "s3proxy.cors-allow-all=true",
                    "jclouds.provider=filesystem-nio2",
                    "jclouds.filesystem.basedir=" + data,
                    ""));
            Path logback = dir.resolve("logback.xml");
            Files.writeString(logback, """
                    <configuration>
                      <!-- Without a config S3Proxy logs every request at DEBUG. -->
                      <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{ISO8601} %-5level %logger{24} - %msg%n</pattern></encoder>
                      </appender>
                      <logger name="org.gaul.s3proxy.Main" level="INFO"/>
                      <root level="WARN"><appender-ref ref="OUT"/></root>
                    </configuration>
                    """);
            List<String> jvm = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
                    "-Dlogback.configurationFile=" + logback);
            return process.start(JavaCommand.of(S3PROXY_MARKER, RuntimeClasspath.S3PROXY.classpath(), jvm, S3PROXY_MAIN,
                    List.of("--properties", properties.toString())), Map.of(), dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the S3Proxy configuration under " + dir, e);
        }
    }

    private ProcessHandle startMinio() {
        try {
            Path data = Files.createDirectories(dir.resolve("minio-data"));
            List<String> command = new ArrayList<>(List.of("minio", "server", data.toString(),
                    "--address", "127.0.0.1:" + config.s3Port(),
                    "--console-address", "127.0.0.1:" + Ports.freePort(), "--quiet"));
            return process.start(command, Map.of("MINIO_ROOT_USER", config.s3AccessKey(),
                    "MINIO_ROOT_PASSWORD", config.s3SecretKey(), "MINIO_BROWSER", "off"), dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the MinIO data folder under " + dir, e);
        }
    }

    private static LocalStackConfig.S3Engine resolve(LocalStackConfig.S3Engine requested) {
        boolean minioOnPath = onPath("minio");
        return switch (requested) {
            case AUTO -> minioOnPath ? LocalStackConfig.S3Engine.MINIO : LocalStackConfig.S3Engine.S3PROXY;
            case MINIO -> {
                if (!minioOnPath) {
                    throw new StackException("ATELIER_S3_ENGINE=minio, but no minio binary is on PATH; install one or "
                            + "use ATELIER_S3_ENGINE=s3proxy");
                }
                yield LocalStackConfig.S3Engine.MINIO;
            }
            case S3PROXY -> LocalStackConfig.S3Engine.S3PROXY;
        };
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String folder : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(folder, program))) {
                return true;
            }
        }
        return false;
    }
}
