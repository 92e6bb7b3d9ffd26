package io.atelier.common.config;

import java.time.Duration;
import java.util.Optional;

/** {@link StorageConfig} given in code, for what opens an object store outside a Quarkus application. */
public record StorageSettings(String endpoint, Optional<String> publicEndpoint, String accessKey, String secretKey,
                              String region, Duration connectTimeout, Duration requestTimeout)
        implements StorageConfig {

    /** The same settings as {@code config}, with links signed for {@code publicEndpoint}. */
    public static StorageSettings withPublicEndpoint(StorageConfig config, String publicEndpoint) {
        return new StorageSettings(config.endpoint(), Optional.of(publicEndpoint), config.accessKey(),
                config.secretKey(), config.region(), config.connectTimeout(), config.requestTimeout());
    }
}
