package io.atelier.trainer.storage;

import io.atelier.common.storage.ObjectStore;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.atelier.schemas.training.TrainingRun;
import io.atelier.trainer.training.Checkpoint;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;

/** Training runs in object storage: their state record, checkpoints and samples. */
@ApplicationScoped
public class RunStore {

    private static final Logger LOG = Logger.getLogger(RunStore.class);

    private static final String GENERATOR = "generator.params";
    private static final String DISCRIMINATOR = "discriminator.params";
    private static final String GENERATOR_ADAM = "generator.adam";
    private static final String DISCRIMINATOR_ADAM = "discriminator.adam";
    private static final String GENERATOR_AVERAGE = "generator-average.params";

    private final ObjectStore store;

    public RunStore(ObjectStore store) {
        this.store = store;
    }

    /** Records a new run: its marker first, so that an unfinished run can always be found. */
    public void record(TrainingRun run) {
        store.put(Bucket.TRAINING, ObjectKeys.activeRunMarker(run.runId()), new byte[0], "application/octet-stream");
        save(run);
    }

    /** Writes the run's record; a finished run's marker goes, after the record that says so. */
    public void save(TrainingRun run) {
        store.putJson(Bucket.TRAINING, ObjectKeys.runState(run.runId()), run);
        if (run.state().terminal()) {
            store.delete(Bucket.TRAINING, ObjectKeys.activeRunMarker(run.runId()));
        }
    }

    public Optional<TrainingRun> find(String runId) {
        return store.getJson(Bucket.TRAINING, ObjectKeys.runState(runId), TrainingRun.class);
    }

    /**
     * Every run whose record says it is not finished; reads only the runs that have a marker. A record
     * this release cannot read (e.g. a profile it does not have) is skipped with a warning: it cannot be
     * resumed here, and it must not keep the others from being found.
     */
    public List<TrainingRun> unfinished() {
        return store.list(Bucket.TRAINING, ObjectKeys.ACTIVE_RUNS_ROOT).stream()
                .map(ObjectKeys::runIdOfMarker)
                .map(this::readable)
                .flatMap(Optional::stream)
                .filter(run -> !run.state().terminal())
                .toList();
    }

    private Optional<TrainingRun> readable(String runId) {
        try {
            return find(runId);
        } catch (IllegalStateException unreadable) {
            LOG.warnf("Run %s is skipped: %s", runId, unreadable.getMessage());
            return Optional.empty();
        }
    }

    /** Writes the parts of a checkpoint and returns its prefix; the run record points at it after. */
    public String saveCheckpoint(String runId, Checkpoint checkpoint) {
        String prefix = ObjectKeys.checkpointPrefix(runId, checkpoint.step());
        store.put(Bucket.TRAINING, prefix + GENERATOR, checkpoint.generator(), "application/octet-stream");
        store.put(Bucket.TRAINING, prefix + DISCRIMINATOR, checkpoint.discriminator(), "application/octet-stream");
        store.put(Bucket.TRAINING, prefix + GENERATOR_ADAM, checkpoint.generatorOptimizer(), "application/octet-stream");
        store.put(Bucket.TRAINING, prefix + DISCRIMINATOR_ADAM, checkpoint.discriminatorOptimizer(),
                "application/octet-stream");
        store.put(Bucket.TRAINING, prefix + GENERATOR_AVERAGE, checkpoint.averagedGenerator(),
                "application/octet-stream");
        return prefix;
    }

    /** The checkpoint's parts; its generator average may be missing (written before the trainer kept one). */
    public Checkpoint loadCheckpoint(String prefix, long step) {
        return new Checkpoint(step, part(prefix + GENERATOR), part(prefix + DISCRIMINATOR), part(prefix + GENERATOR_ADAM),
                part(prefix + DISCRIMINATOR_ADAM),
                store.get(Bucket.TRAINING, prefix + GENERATOR_AVERAGE).orElse(null));
    }

    public String saveSample(String runId, long step, byte[] png) {
        String key = ObjectKeys.trainingSample(runId, step);
        store.put(Bucket.TRAINING, key, png, "image/png");
        return key;
    }

    public void saveLossCurve(String runId, byte[] png) {
        store.put(Bucket.TRAINING, ObjectKeys.runPrefix(runId) + "loss-curve.png", png, "image/png");
    }

    private byte[] part(String key) {
        return store.get(Bucket.TRAINING, key).orElseThrow(() -> new IllegalStateException(
                "checkpoint part s3://" + Bucket.TRAINING.bucketName() + "/" + key + " is missing"));
    }
}
