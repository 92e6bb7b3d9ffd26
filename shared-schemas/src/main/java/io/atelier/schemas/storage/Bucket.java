package io.atelier.schemas.storage;

import java.util.Arrays;
import java.util.List;

/**
 * The object-store buckets. Deployments may rename them (a shared S3 account, say) through each
 * service's configuration; these are the defaults every local stack and test uses.
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

    private final String defaultName;

    Bucket(String defaultName) {
        this.defaultName = defaultName;
    }

    public String defaultName() {
        return defaultName;
    }

    public static List<String> defaultNames() {
        return Arrays.stream(values()).map(Bucket::defaultName).toList();
    }
}
