package io.atelier.schemas.storage;

import java.util.Arrays;
import java.util.List;

/**
 * The object-store buckets. Their names are part of the contract: every service, the local stack,
 * docker-compose and Kubernetes use the same ones.
 */
public enum Bucket {
    /** Normalised inputs of style jobs: {@code uploads/{jobId}/input.png}. */
    UPLOADS("atelier-uploads"),
    /** Styled outputs and job status records: {@code results/...}, {@code jobs/...}. */
    RESULTS("atelier-results"),
    /** Style images of training requests: {@code styles/{style}/{runId}/...}. */
    STYLES("atelier-styles"),
    /** Content corpora to train on: {@code content/{corpus}/...}. */
    DATASETS("atelier-datasets"),
    /** Training runs: state, checkpoints, samples: {@code runs/{runId}/...}. */
    TRAINING("atelier-training"),
    /** The model registry: {@code models/{style}/...}. */
    MODELS("atelier-models");

    private final String bucketName;

    Bucket(String bucketName) {
        this.bucketName = bucketName;
    }

    public String bucketName() {
        return bucketName;
    }

    /** The bucket of a claim check's {@code bucket} field; empty for a name that is not Atelier's. */
    public static java.util.Optional<Bucket> named(String name) {
        return Arrays.stream(values()).filter(bucket -> bucket.bucketName.equals(name)).findFirst();
    }

    public static List<String> bucketNames() {
        return Arrays.stream(values()).map(Bucket::bucketName).toList();
    }
}
