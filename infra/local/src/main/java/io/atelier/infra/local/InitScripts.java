package io.atelier.infra.local;

import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.topics.TopicSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Writes the init scripts that docker-compose runs (topics with Kafka's own CLI, buckets with
 * MinIO's {@code mc}) from the same topic spec and bucket list the local stack uses. The scripts are
 * committed; a test fails when they drift from the contract, and {@code main} rewrites them.
 */
public final class InitScripts {

    static final String TOPICS_SCRIPT = "infra/compose/create-topics.sh";
    static final String BUCKETS_SCRIPT = "infra/compose/create-buckets.sh";

    private InitScripts() {
    }

    /** Script content by path relative to the repository root. */
    public static Map<String, String> render() {
        Map<String, String> scripts = new TreeMap<>();
        scripts.put(TOPICS_SCRIPT, topics(TopicSpec.load()));
        scripts.put(BUCKETS_SCRIPT, buckets());
        return scripts;
    }

    /** Rewrites the scripts under the given repository root. */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        for (Map.Entry<String, String> script : render().entrySet()) {
            Path path = root.resolve(script.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, script.getValue());
            System.out.println("wrote " + path);
        }
    }

    private static String topics(TopicSpec spec) {
        String creates = spec.topics().stream().map(topic -> {
            String configs = new TreeMap<>(topic.config()).entrySet().stream()
                    .map(e -> " --config " + e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining());
            return "\"$KAFKA_TOPICS\" --bootstrap-server \"$BOOTSTRAP\" --create --if-not-exists --topic "
                    + topic.name() + " --partitions " + topic.partitions() + " --replication-factor \"$REPLICATION\""
                    + configs;
        }).collect(Collectors.joining("\n"));
        return """
                #!/usr/bin/env bash
                # GENERATED from shared-schemas/src/main/resources/atelier/topics.json by
                # io.atelier.infra.local.InitScripts; do not edit (./atelier generate rewrites it).
                # Creates Atelier's topics with Kafka's own CLI. Usage: create-topics.sh <bootstrap> [replication]
                set -euo pipefail
                BOOTSTRAP=${1:?usage: create-topics.sh <bootstrap-servers> [replication-factor]}
                REPLICATION=${2:-1}
                KAFKA_TOPICS=${KAFKA_TOPICS:-/opt/kafka/bin/kafka-topics.sh}
                %s
                echo "Atelier topics ready on $BOOTSTRAP"
                """.formatted(creates);
    }

    private static String buckets() {
        String creates = java.util.Arrays.stream(Bucket.values())
                .map(bucket -> "mc mb --ignore-existing \"atelier/" + bucket.bucketName() + "\"")
                .collect(Collectors.joining("\n"));
        return """
                #!/bin/sh
                # GENERATED from io.atelier.schemas.storage.Bucket by io.atelier.infra.local.InitScripts;
                # do not edit (./atelier generate rewrites it).
                # Creates Atelier's buckets with MinIO's mc. Needs S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY.
                set -eu
                mc alias set atelier "$S3_ENDPOINT" "$S3_ACCESS_KEY" "$S3_SECRET_KEY" >/dev/null
                %s
                echo "Atelier buckets ready on $S3_ENDPOINT"
                """.formatted(creates);
    }
}
