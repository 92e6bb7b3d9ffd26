package io.atelier.testsupport;

import io.atelier.infra.local.LocalStack;
import io.atelier.infra.local.LocalStackConfig;
import io.atelier.infra.local.StackEndpoints;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real Kafka broker and one S3 server per test JVM, on free loopback ports in a temporary folder,
 * started on first use and removed when the JVM exits. Every integration test shares them.
 */
public final class SharedStack {

    private static StackEndpoints endpoints;

    private SharedStack() {
    }

    public static synchronized StackEndpoints endpoints() {
        if (endpoints == null) {
            Path home = tempHome();
            LocalStack stack = new LocalStack(LocalStackConfig.onFreePorts(home));
            Runtime.getRuntime().addShutdownHook(new Thread(stack::purge, "atelier-stack-shutdown"));
            endpoints = stack.up().endpoints();
        }
        return endpoints;
    }

    private static Path tempHome() {
        try {
            return Files.createTempDirectory("atelier-stack-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the test stack", e);
        }
    }
}
