package io.atelier.schemas;

import io.atelier.schemas.events.AtelierEvent;
import io.atelier.schemas.events.EventType;
import io.atelier.schemas.events.FailureReason;
import io.atelier.schemas.events.ImageRef;
import io.atelier.schemas.events.InlineImage;
import io.atelier.schemas.events.JobTimings;
import io.atelier.schemas.events.ModelPublished;
import io.atelier.schemas.events.ObjectPrefix;
import io.atelier.schemas.events.ObjectRef;
import io.atelier.schemas.events.OutputFormat;
import io.atelier.schemas.events.OutputOptions;
import io.atelier.schemas.events.StyleJobCompleted;
import io.atelier.schemas.events.StyleJobFailed;
import io.atelier.schemas.events.StyleJobRequested;
import io.atelier.schemas.events.StyleJobStarted;
import io.atelier.schemas.events.TrainingFailed;
import io.atelier.schemas.events.TrainingParameters;
import io.atelier.schemas.events.TrainingProgress;
import io.atelier.schemas.events.TrainingRequested;
import io.atelier.schemas.models.GateFailure;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.atelier.schemas.training.TrainingProfile;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One fully populated example of every event type. */
public final class SampleEvents {

    public static final String JOB_ID = "0b6f2f4e-5c3a-4d0e-9a41-6f1d2b7c8e90";
    public static final String RUN_ID = "7d2c1b0a-9e8f-4a6b-8c5d-3e2f1a0b9c8d";
    public static final String SHA = "a".repeat(64);
    public static final Instant NOW = Instant.parse("2026-11-29T14:53:00Z");

    private SampleEvents() {
    }

    public static ImageRef input() {
        return new ImageRef(Bucket.UPLOADS.bucketName(), ObjectKeys.uploadInput(JOB_ID), SHA, 640, 480, "image/png");
    }

    public static StyleJobRequested styleJobRequested() {
        return new StyleJobRequested(1, JOB_ID, "starry-night", "v2", input(), null,
                new OutputOptions(OutputFormat.JPEG, 512), NOW, "web");
    }

    public static AtelierEvent sample(EventType type) {
        return switch (type) {
            case STYLE_JOB_REQUESTED -> styleJobRequested();
            case STYLE_JOB_STARTED -> new StyleJobStarted(1, JOB_ID, "starry-night", "v2", "inference-0", NOW);
            case STYLE_JOB_COMPLETED -> new StyleJobCompleted(1, JOB_ID, "starry-night", "v2",
                    new ImageRef(Bucket.RESULTS.bucketName(), ObjectKeys.resultOutput(JOB_ID, "jpg"), SHA, 512, 384,
                            "image/jpeg"),
                    new JobTimings(5, 6, 70, 8, 9, 98), NOW);
            case STYLE_JOB_FAILED -> new StyleJobFailed(1, JOB_ID, "starry-night", FailureReason.INPUT_MISSING,
                    "no object at uploads/...", false, NOW);
            case TRAINING_REQUESTED -> new TrainingRequested(1, RUN_ID, "starry-night",
                    List.of(new ImageRef(Bucket.STYLES.bucketName(), ObjectKeys.styleImage("starry-night", RUN_ID, 0),
                            SHA, 512, 320, "image/png")),
                    new ObjectPrefix(Bucket.DATASETS.bucketName(), ObjectKeys.contentCorpusPrefix("samples")),
                    TrainingProfile.QUICK,
                    new TrainingParameters(200, 128, 2, 0.7, 10.0, 1.0, 16, 3, 2e-4, 42L), NOW, "admin");
            case TRAINING_PROGRESS -> new TrainingProgress(1, RUN_ID, "starry-night", 100, 200,
                    Map.of("generator", 1.5, "discriminator", 0.25), 3.5, 29L,
                    ObjectKeys.trainingSample(RUN_ID, 100), NOW);
            case TRAINING_FAILED -> new TrainingFailed(1, RUN_ID, "starry-night", 12, FailureReason.INPUT_INVALID,
                    "style image is not decodable", NOW);
            case MODEL_PUBLISHED -> new ModelPublished(1, "starry-night", "v3",
                    new ObjectRef(Bucket.MODELS.bucketName(), ObjectKeys.modelGenerator("starry-night", "v3"), SHA, 1234),
                    new ObjectRef(Bucket.MODELS.bucketName(), ObjectKeys.modelManifest("starry-night", "v3"), SHA, 321),
                    RUN_ID, Map.of("generator", 1.2), NOW,
                    new ObjectRef(Bucket.MODELS.bucketName(), ObjectKeys.modelEvaluation("starry-night", "v3"), SHA, 900),
                    List.of(new GateFailure("medianSsim", 0.21, 0.35, GateFailure.Limit.MIN)));
        };
    }

    /** The inline variant of a job, as an external producer without object-store access sends it. */
    public static StyleJobRequested inlineJob(byte[] image) {
        return new StyleJobRequested(1, JOB_ID, "starry-night", null, null, InlineImage.of("image/png", image), null,
                NOW, "partner-system");
    }
}
