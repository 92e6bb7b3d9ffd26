package io.atelier.infra.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Classpaths of the broker and the S3 server, recorded at build time by the {@code infra/runtime-*}
 * modules. They run in JVMs of their own, so their jars never meet the services' jars.
 */
public enum RuntimeClasspath {
    KAFKA("kafka.classpath", "infra/runtime-kafka"),
    S3PROXY("s3proxy.classpath", "infra/runtime-s3proxy");

    private final String resource;
    private final String module;

    RuntimeClasspath(String file, String module) {
        this.resource = "io/atelier/infra/runtime/" + file;
        this.module = module;
    }

    /** The recorded classpath, after checking that every jar on it is still on disk. */
    public String classpath() {
        String classpath;
        try (InputStream in = RuntimeClasspath.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new StackException(resource + " is not on the classpath; build " + module
                        + " first (mvn -pl infra/local -am install -DskipTests)");
            }
            classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> missing = Arrays.stream(classpath.split(java.io.File.pathSeparator))
                .filter(entry -> !Files.exists(Path.of(entry)))
                .toList();
        if (!missing.isEmpty()) {
            throw new StackException("jars of " + module + " are missing from the local Maven repository ("
                    + missing.get(0) + (missing.size() > 1 ? " and " + (missing.size() - 1) + " more" : "")
                    + "); rebuild it with mvn -pl infra/local -am install -DskipTests");
        }
        return classpath;
    }
}
