package io.atelier.inference.support;

import io.atelier.common.config.StorageSettings;
import io.atelier.common.storage.ObjectStore;
import io.atelier.infra.local.S3Server;
import io.atelier.infra.local.StackEndpoints;

import java.time.Duration;
import java.util.Optional;

/** An {@link ObjectStore} on a stack, for code that runs outside the Quarkus application. */
public final class StackStorage {

    private StackStorage() {
    }

    public static ObjectStore open(StackEndpoints stack) {
        return new ObjectStore(new StorageSettings(stack.s3Endpoint(), Optional.empty(), stack.s3AccessKey(),
                stack.s3SecretKey(), S3Server.REGION, Duration.ofSeconds(3), Duration.ofSeconds(30)));
    }
}
