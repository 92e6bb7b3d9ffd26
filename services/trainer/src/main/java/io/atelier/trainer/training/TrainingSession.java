package io.atelier.trainer.training;

import ai.djl.ndarray.NDManager;
import io.atelier.generator.GeneratorOnnx;
import io.atelier.generator.evaluation.StyleEvaluation;
import io.atelier.schemas.events.FailureReason;
import io.atelier.schemas.events.ModelPublished;
import io.atelier.schemas.events.TrainingFailed;
import io.atelier.schemas.events.TrainingProgress;
import io.atelier.schemas.events.TrainingRequested;
import io.atelier.schemas.training.TrainingProfile;
import io.atelier.schemas.training.TrainingRun;
import io.atelier.schemas.training.TrainingState;
import io.atelier.trainer.TrainingPlan;
import io.atelier.trainer.config.TrainerConfig;
import io.atelier.trainer.messaging.TrainingEventPublisher;
import io.atelier.trainer.registry.ModelPublisher;
import io.atelier.trainer.storage.RunStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One training run from its record to a published model: loads the images, restores the last
 * checkpoint if there is one, trains with progress events, samples and checkpoints on schedule,
 * then exports the generator to ONNX and publishes it. Every ending is recorded in the run's state.
 */
@ApplicationScoped
public class TrainingSession {

    private static final Logger LOG = Logger.getLogger(TrainingSession.class);
    private static final int SAMPLES = 2;

    private final RunStore runs;
    private final TrainingImages images;
    private final ModelPublisher registry;
    private final TrainingEventPublisher events;
    private final TrainerConfig config;
    private final RunLease lease;
    private final TrainingMetrics metrics;
    /** Set at shutdown: whatever a run meets from then on is the process stopping, not the run failing. */
    private volatile boolean stopping;

    public TrainingSession(RunStore runs, TrainingImages images, ModelPublisher registry,
                           TrainingEventPublisher events, TrainerConfig config, RunLease lease,
                           TrainingMetrics metrics) {
        this.runs = runs;
        this.images = images;
        this.registry = registry;
        this.events = events;
        this.config = config;
        this.lease = lease;
        this.metrics = metrics;
    }

    /**
     * The process is stopping (SIGTERM, a rolling deploy): runs end where they are and resume from their
     * last checkpoint on another replica or after the restart. Called before the executor interrupts
     * its threads, and before the channels and the store's client close under them.
     */
    public void stop() {
        stopping = true;
    }

    public void run(String runId, NDManager manager) {
        TrainingRun run = runs.find(runId).orElseThrow(() -> new IllegalStateException("run " + runId
                + " has no record"));
        if (run.state().terminal()) {
            return;
        }
        MDC.put("runId", runId);
        try {
            train(run, manager);
        } catch (RuntimeException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (e instanceof InterruptedException || stopping) {
                LOG.infof("Run %s stopped at shutdown (%s); it resumes from its last checkpoint", runId, e);
                return;
            }
            TrainingRun latest = runs.find(runId).orElse(run);
            if (latest.state().terminal()) {
                LOG.errorf(e, "Run %s had already ended %s; this later error does not change that", runId,
                        latest.state());
                return;
            }
            fail(latest, e);
        } finally {
            MDC.remove("runId");
        }
    }

    private void train(TrainingRun run, NDManager manager) throws InterruptedException {
        TrainingRequested request = run.request();
        TrainingPlan plan = TrainingPlan.of(request.profile()).with(request.parameters());
        List<BufferedImage> style = images.styles(request.styleImages());
        List<BufferedImage> content = images.corpus(request.contentCorpus(), config.maxCorpusImages(), plan.seed());
        CropSampler contentCrops = new CropSampler(content, plan.cropSize(), plan.seed());
        CropSampler styleCrops = new CropSampler(style, plan.cropSize(), plan.seed() + 1);
        float[] sampleContent = contentCrops.batch(-1, 2, SAMPLES);
        Map<String, List<Double>> curves = new LinkedHashMap<>();

        try (GanTrainer trainer = new GanTrainer(plan, manager)) {
            if (run.checkpoint() != null) {
                restore(trainer, run);
            }
            run = run.with(TrainingState.RUNNING, trainer.step(), run.checkpoint(), run.losses(), null, null);
            runs.save(run);
            LOG.infof("Run %s: training style '%s' for %d steps on %s with %s", run.runId(), run.style(),
                    plan.steps(), manager.getDevice(), plan.describe());

            StepLosses losses = null;
            long started = System.nanoTime();
            long startStep = trainer.step();
            String sampleKey = null;
            long skippedGenerator = 0;
            long skippedDiscriminator = 0;
            long recomputed = 0;
            try (BatchPrefetcher batches = new BatchPrefetcher(contentCrops, styleCrops, plan.batchSize(),
                    trainer.step(), plan.steps())) {
                while (trainer.step() < plan.steps()) {
                    if (stopping) {
                        throw new InterruptedException("the trainer is stopping");
                    }
                    BatchPrefetcher.Batch batch = batches.next();
                    losses = trainer.train(batch.content(), batch.style());
                    if (!losses.finite()) {
                        throw new IllegalStateException("losses diverged at step " + trainer.step() + ": "
                                + losses.asMap());
                    }
                    metrics.stepped(losses);
                    losses.asMap().forEach((name, value) -> curves.computeIfAbsent(name, k -> new ArrayList<>())
                            .add(value));
                    long step = trainer.step();
                    boolean last = step == plan.steps();
                    if (step % config.sampleEvery() == 0 || last) {
                        sampleKey = runs.saveSample(run.runId(), step, Pictures.sampleGrid(sampleContent,
                                trainer.stylise(sampleContent, SAMPLES, plan.cropSize(), plan.cropSize()), SAMPLES, plan.cropSize()));
                    }
                    if (step % config.checkpointEvery() == 0 || last) {
                        String prefix = runs.saveCheckpoint(run.runId(), trainer.checkpoint());
                        run = run.with(TrainingState.RUNNING, step, prefix, losses.asMap(), null, null);
                        runs.save(run);
                    }
                    if (trainer.skippedGeneratorSteps() > skippedGenerator
                            || trainer.skippedDiscriminatorSteps() > skippedDiscriminator) {
                        metrics.skipped(trainer.skippedGeneratorSteps() - skippedGenerator,
                                trainer.skippedDiscriminatorSteps() - skippedDiscriminator);
                        skippedGenerator = trainer.skippedGeneratorSteps();
                        skippedDiscriminator = trainer.skippedDiscriminatorSteps();
                        LOG.warnf("Run %s: %d generator and %d discriminator updates skipped so far (last: %s)",
                                run.runId(), trainer.skippedGeneratorSteps(), trainer.skippedDiscriminatorSteps(),
                                trainer.lastSkip());
                    }
                    if (trainer.recomputedPasses() > recomputed) {
                        recomputed = trainer.recomputedPasses();
                        LOG.infof("Run %s: %d passes recomputed so far (last: %s)", run.runId(), recomputed,
                                trainer.lastRecomputation());
                    }
                    if (lease.due(run, Instant.now())) {
                        run = run.touched();
                        runs.save(run);
                    }
                    if (step % config.progressEvery() == 0 || last) {
                        double rate = (step - startStep) / ((System.nanoTime() - started) / 1e9);
                        metrics.rate(rate);
                        events.progress(new TrainingProgress(TrainingProgress.SCHEMA_VERSION, run.runId(), run.style(),
                                step, plan.steps(), losses.asMap(), rate,
                                rate > 0 ? (long) ((plan.steps() - step) / rate) : null, sampleKey, Instant.now()));
                    }
                }
            }
            runs.saveLossCurve(run.runId(), Pictures.lossCurve(curves));
            Map<String, Double> finalLosses = losses == null ? run.losses() : losses.asMap();
            TrainingRun finished = run;
            Map<String, float[]> trained = trainer.averagedWeights();
            ModelPublished published = registry.publish(run.style(), version -> {
                Map<String, String> metadata = new LinkedHashMap<>(plan.describe());
                metadata.put("style", finished.style());
                metadata.put("version", version);
                metadata.put("runId", finished.runId());
                finalLosses.forEach((name, value) -> metadata.put("loss." + name, Double.toString(value)));
                return GeneratorOnnx.build(plan.generatorSpec(), trained, metadata);
            }, run.runId(), run.checkpoint(), plan.describe(), finalLosses,
                    new StyleEvaluation.NamedImage(request.styleImages().get(0).key(), style.get(0)),
                    gateExemption(request.profile()));
            // announced before the run is recorded SUCCEEDED: a trainer stopped in between leaves it RUNNING,
            // and the replica that resumes it announces the stored version again (at least once)
            run = announce(run, published);
            metrics.succeeded();
            runs.save(run.with(TrainingState.SUCCEEDED, plan.steps(), run.checkpoint(), finalLosses,
                    published.version(), null));
            LOG.infof("Run %s published %s/%s%s", run.runId(), run.style(), published.version(),
                    published.becameCurrent() ? "" : " (held back by the quality gate)");
        }
    }

    /**
     * Waits until the broker has the announcement, rewriting the run's record every heartbeat meanwhile:
     * a run that waits out a broker outage to announce is still held, and no other replica adopts it.
     * Returns the run as last written.
     */
    private TrainingRun announce(TrainingRun run, ModelPublished published) throws InterruptedException {
        CompletableFuture<Void> sent = events.published(published).subscribeAsCompletionStage();
        try {
            while (true) {
                try {
                    sent.get(config.heartbeat().toMillis(), TimeUnit.MILLISECONDS);
                    return run;
                } catch (TimeoutException stillWaiting) {
                    if (stopping) {
                        throw new InterruptedException("the trainer is stopping");
                    }
                    run = run.touched();
                    runs.save(run);
                }
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure
                    : new IllegalStateException("announcing " + published.style() + "/" + published.version(), e);
        } finally {
            sent.cancel(true);
        }
    }

    /**
     * Continues from the run's checkpoint or, when the checkpoint does not fit this trainer's networks (it
     * was written by a version with another architecture), from the start: an upgrade delays the run
     * instead of failing it.
     */
    private void restore(GanTrainer trainer, TrainingRun run) {
        Checkpoint checkpoint = runs.loadCheckpoint(run.checkpoint(), run.step());
        try {
            trainer.restore(checkpoint);
            LOG.infof("Run %s restored from %s at step %d", run.runId(), run.checkpoint(), run.step());
        } catch (IllegalArgumentException e) {
            LOG.warnf("Run %s: checkpoint %s does not fit this trainer's networks (%s); training from step 0",
                    run.runId(), run.checkpoint(), e.getMessage());
        }
    }

    /** Why the quality gate does not hold back this run's version, or null when it applies. */
    private String gateExemption(TrainingProfile requested) {
        String profile = (requested == null ? TrainingProfile.DEFAULT : requested).wireName();
        return config.qualityGate().exemptProfiles().contains(profile)
                ? "profile " + profile + " is exempt (atelier.trainer.quality-gate.exempt-profiles)" : null;
    }

    private void fail(TrainingRun run, Exception e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        LOG.errorf(e, "Run %s failed: %s", run.runId(), message);
        recordFailure(run, e instanceof IllegalArgumentException ? FailureReason.INPUT_INVALID
                : FailureReason.PROCESSING_ERROR, message);
    }

    /** Ends the run as failed: its record, a failure event and a dead letter of its request. */
    public void recordFailure(TrainingRun run, FailureReason reason, String message) {
        runs.save(run.with(TrainingState.FAILED, run.step(), run.checkpoint(), run.losses(), null, message));
        metrics.failed();
        String shortened = message.length() > 4000 ? message.substring(0, 3997) + "..." : message;
        events.failed(new TrainingFailed(TrainingFailed.SCHEMA_VERSION, run.runId(), run.style(), run.step(), reason,
                shortened, Instant.now()));
        if (run.request() != null) {
            events.deadLetter(run.request(), reason, shortened);
        }
    }
}
