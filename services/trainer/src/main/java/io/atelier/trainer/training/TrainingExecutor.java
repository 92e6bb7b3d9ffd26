package io.atelier.trainer.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.atelier.schemas.training.TrainingRun;
import io.atelier.trainer.config.TrainerConfig;
import io.atelier.trainer.storage.RunStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs training off the consumer thread, at most {@code concurrent-runs} at once, on the device the
 * configuration picks. Owns the DJL manager every run's arrays live under, and resumes unfinished
 * runs when the service starts.
 */
@ApplicationScoped
public class TrainingExecutor {

    private static final Logger LOG = Logger.getLogger(TrainingExecutor.class);

    private final TrainingSession session;
    private final RunStore runs;
    private final TrainerConfig config;
    private final Set<String> active = ConcurrentHashMap.newKeySet();
    private final ExecutorService pool;
    private NDManager manager;

    public TrainingExecutor(TrainingSession session, RunStore runs, TrainerConfig config) {
        this.session = session;
        this.runs = runs;
        this.config = config;
        AtomicInteger counter = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.concurrentRuns(), runnable -> {
            Thread thread = new Thread(runnable, "training-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    void onStart(@Observes StartupEvent event) {
        if (config.resumeOnStart()) {
            for (TrainingRun run : runs.unfinished()) {
                LOG.infof("Resuming run %s (%s) from step %d", run.runId(), run.style(), run.step());
                submit(run.runId());
            }
        }
    }

    /** Queues a run unless this replica already has it. */
    public void submit(String runId) {
        if (active.add(runId)) {
            pool.submit(() -> {
                try {
                    session.run(runId, manager());
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Run %s ended with an unexpected error", runId);
                } finally {
                    active.remove(runId);
                }
            });
        }
    }

    /** Whether this replica is training or about to train the run. */
    public boolean isActive(String runId) {
        return active.contains(runId);
    }

    private synchronized NDManager manager() {
        if (manager == null) {
            DjlRuntime.configureOffline();
            Device device = device(config.device());
            LOG.infof("Training on %s (engine %s, %d GPU(s) visible)", device, Engine.getInstance().getEngineName(),
                    Engine.getInstance().getGpuCount());
            manager = NDManager.newBaseManager(device);
        }
        return manager;
    }

    static Device device(String setting) {
        int gpus = Engine.getInstance().getGpuCount();
        return switch (setting) {
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (gpus == 0) {
                    throw new IllegalStateException("atelier.trainer.device=gpu, but DJL's engine sees no CUDA GPU");
                }
                yield Device.gpu();
            }
            case "auto" -> gpus > 0 ? Device.gpu() : Device.cpu();
            default -> throw new IllegalArgumentException("atelier.trainer.device='" + setting
                    + "': use auto, cpu or gpu");
        };
    }

    @PreDestroy
    void shutdown() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        synchronized (this) {
            if (manager != null) {
                manager.close();
            }
        }
    }
}
