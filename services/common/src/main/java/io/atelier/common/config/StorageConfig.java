package io.atelier.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** How a service reaches the S3-compatible object store (MinIO, S3Proxy or AWS S3). */
@ConfigMapping(prefix = "atelier.storage")
public interface StorageConfig {

    /** Endpoint URL, for example {@code http://127.0.0.1:9000} or {@code https://s3.eu-west-1.amazonaws.com}. */
    String endpoint();

    /**
     * Endpoint that presigned URLs name, when clients reach the store by another address than the
     * services do (Compose: the services use {@code http://minio:9000}, a browser on the host
     * {@code http://localhost:9000}). Unset: the endpoint. Signing sends nothing to it.
     */
    Optional<String> publicEndpoint();

    /** Access key id. */
    String accessKey();

    /** Secret key; give it through an environment variable or a secret, never in a committed file. */
    String secretKey();

    /** Region to sign requests for; naming it spares a region lookup on every client start. */
    @WithDefault("us-east-1")
    String region();

    /** Connect timeout, so that an unreachable store fails a request instead of hanging it. */
    @WithDefault("3s")
    Duration connectTimeout();

    /** Read and write timeout of one request. */
    @WithDefault("60s")
    Duration requestTimeout();
}
