package io.atelier.inference.support;

import io.atelier.common.config.StorageConfig;
import io.atelier.common.storage.ObjectStore;
import io.atelier.infra.local.S3Server;
import io.atelier.infra.local.StackEndpoints;

import java.time.Duration;

/** An {@link ObjectStore} on a stack, for code that runs outside the Quarkus application. */
public final class StackStorage {

    private StackStorage() {
    }

    public static ObjectStore open(StackEndpoints stack) {
        return new ObjectStore(new StorageConfig() {
            @Override
            public String endpoint() {
                return stack.s3Endpoint();
            }

            @Override
            public String accessKey() {
                return stack.s3AccessKey();
            }

            @Override
            public String secretKey() {
                return stack.s3SecretKey();
            }

            @Override
            public String region() {
                return S3Server.REGION;
            }

            @Override
            public Duration connectTimeout() {
                return Duration.ofSeconds(3);
            }

            @Override
            public Duration requestTimeout() {
                return Duration.ofSeconds(30);
            }
        });
    }
}
