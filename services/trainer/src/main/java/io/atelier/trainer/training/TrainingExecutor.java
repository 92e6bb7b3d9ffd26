package io.atelier.trainer.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.atelier.schemas.training.TrainingRun;
import io.atelier.trainer.config.TrainerConfig;
import io.atelier.trainer.messaging.TrainingEventPublisher;
import io.atelier.trainer.storage.RunStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs training off the consumer thread, at most {@code concurrent-runs} at once, on the device the
 * configuration picks. Owns the DJL manager every run's arrays live under, opened at start so that a
 * missing GPU or native library stops the trainer there, not later in each run. Keeps the records
 * of the runs waiting in its queue fresh (the session does so for the one it trains), and hands
 * orphaned runs back to the consumer group, which gives each to one replica to resume.
 */
@ApplicationScoped
public class TrainingExecutor {

    private static final Logger LOG = Logger.getLogger(TrainingExecutor.class);

    private final TrainingSession session;
    private final RunStore runs;
    private final TrainerConfig config;
    private final RunLease lease;
    private final TrainingEventPublisher publisher;
    /** The runs this replica holds, and whether each has started (then the session beats for it). */
    private final Map<String, AtomicBoolean> active = new ConcurrentHashMap<>();
    private final ExecutorService pool;
    private final ScheduledExecutorService timer;
    private final NDManager manager;

    public TrainingExecutor(TrainingSession session, RunStore runs, TrainerConfig config, RunLease lease,
                            TrainingEventPublisher publisher, TrainingMetrics metrics) {
        DjlRuntime.configureOffline();
        Engine engine = Engine.getInstance();
        this.manager = NDManager.newBaseManager(config.device().select(engine.getGpuCount()));
        LOG.infof("Training on %s (atelier.trainer.device=%s; engine %s %s sees %d GPU(s))", manager.getDevice(),
                config.device().name().toLowerCase(Locale.ROOT), engine.getEngineName(), engine.getVersion(),
                engine.getGpuCount());
        metrics.device(manager.getDevice());
        metrics.holding(active);
        this.session = session;
        this.runs = runs;
        this.config = config;
        this.lease = lease;
        this.publisher = publisher;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "training-leases");
            thread.setDaemon(true);
            return thread;
        });
        AtomicInteger counter = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.concurrentRuns(), runnable -> {
            Thread thread = new Thread(runnable, "training-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    void onStart(@Observes StartupEvent event) {
        long beat = config.heartbeat().toMillis();
        timer.scheduleWithFixedDelay(() -> safely("heartbeat", this::beatForWaitingRuns), beat, beat,
                TimeUnit.MILLISECONDS);
        if (config.adoptOrphans()) {
            timer.scheduleWithFixedDelay(() -> safely("orphan scan", this::handBackOrphans), 0,
                    config.orphanScan().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Queues a run unless this replica already has it. */
    public void submit(String runId) {
        AtomicBoolean started = new AtomicBoolean();
        if (active.putIfAbsent(runId, started) == null) {
            pool.submit(() -> {
                try {
                    synchronized (started) {
                        started.set(true);
                    }
                    session.run(runId, manager);
                } catch (RuntimeException | Error e) {
                    // an Error would otherwise stay in the pool's future, unseen
                    LOG.errorf(e, "Run %s ended with an unexpected error", runId);
                } finally {
                    active.remove(runId);
                }
            });
        }
    }

    /**
     * Puts the request of every orphaned run that this replica does not hold back on the requests
     * topic; returns their ids. Whichever replica receives it adopts the run (see the consumer).
     */
    public List<String> handBackOrphans() {
        Instant now = Instant.now();
        List<String> handedBack = new ArrayList<>();
        for (TrainingRun run : runs.unfinished()) {
            if (!active.containsKey(run.runId()) && lease.orphaned(run, now) && run.request() != null) {
                LOG.infof("Run %s (%s) is orphaned (record from %s); handing it back at step %d", run.runId(),
                        run.style(), run.updatedAt(), run.step());
                publisher.resubmit(run.request());
                handedBack.add(run.runId());
            }
        }
        return handedBack;
    }

    /** Waiting runs have no session to beat for them; a started one's record is the session's to write. */
    private void beatForWaitingRuns() {
        Instant now = Instant.now();
        active.forEach((runId, started) -> {
            synchronized (started) {
                if (!started.get()) {
                    runs.find(runId).filter(run -> !run.state().terminal() && lease.due(run, now))
                            .ifPresent(run -> runs.save(run.touched()));
                }
            }
        });
    }

    private static void safely(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "Training %s failed; it runs again at its next turn", what);
        }
    }

    /** Whether this replica is training or about to train the run. */
    public boolean isActive(String runId) {
        return active.containsKey(runId);
    }

    /** Before the channels and the store's client close: what a run meets from now on is the shutdown. */
    void onStop(@Observes ShutdownEvent event) {
        session.stop();
    }

    @PreDestroy
    void shutdown() throws InterruptedException {
        timer.shutdownNow();
        pool.shutdownNow();
        if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("A training thread is still running after 30 s; its arrays are left for the process's exit"
                    + " to free, not freed under it");
            return;
        }
        manager.close();
    }
}
