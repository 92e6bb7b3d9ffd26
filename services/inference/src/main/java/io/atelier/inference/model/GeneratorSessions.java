package io.atelier.inference.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.atelier.generator.GeneratorRuntime;
import io.atelier.inference.JobFailure;
import io.atelier.inference.config.InferenceConfig;
import io.atelier.schemas.events.FailureReason;
import io.atelier.schemas.models.GeneratorContract;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Owns the ONNX Runtime environment and a bounded cache of open generator sessions, one per model
 * version, least recently used closed first. A session is loaded from the registry, checked against
 * {@link GeneratorContract} and probed (which warms it up) before any job runs on it. Jobs run on a
 * session through {@link #use}: one evicted while it runs is closed only when its runs end, since ONNX
 * Runtime frees a session's memory on close whatever runs on it.
 */
@ApplicationScoped
public class GeneratorSessions {

    private static final Logger LOG = Logger.getLogger(GeneratorSessions.class);

    private final ModelRegistry registry;
    private final InferenceConfig config;
    private final MeterRegistry meters;
    private final Tracer tracer;
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final Map<String, LoadedGenerator> cache = new LinkedHashMap<>(16, 0.75f, true);
    /** Runs under way per session. */
    private final Map<LoadedGenerator, Integer> running = new IdentityHashMap<>();
    /** Sessions evicted while they ran, closed when their last run ends. */
    private final Set<LoadedGenerator> retired = Collections.newSetFromMap(new IdentityHashMap<>());
    private volatile Boolean cudaAvailable;

    public GeneratorSessions(ModelRegistry registry, InferenceConfig config, MeterRegistry meters, Tracer tracer) {
        this.registry = registry;
        this.config = config;
        this.meters = meters;
        this.tracer = tracer;
        LOG.infof("ONNX Runtime %s, execution providers available: %s; %s", env.getVersion(),
                OrtEnvironment.getAvailableProviders(), config.cuda()
                        ? "CUDA requested (each model falls back to the CPU, with a warning, if CUDA fails)"
                        : "running on the CPU (set atelier.inference.cuda=true with the -Pcuda build for a GPU)");
    }

    public OrtEnvironment environment() {
        return env;
    }

    /** The open session of a version, loading it (and evicting the eldest) when needed. */
    public synchronized LoadedGenerator get(String style, String version) throws JobFailure {
        String key = style + "/" + version;
        LoadedGenerator loaded = cache.get(key);
        if (loaded != null) {
            return loaded;
        }
        loaded = load(style, version);
        cache.put(key, loaded);
        evictBeyond(config.sessionCacheSize());
        return loaded;
    }

    /** A session held for runs; {@link #close()} it when they are done. */
    public final class InUse implements AutoCloseable {

        private final LoadedGenerator generator;
        private boolean released;

        private InUse(LoadedGenerator generator) {
            this.generator = generator;
        }

        /** See {@link LoadedGenerator#run}. */
        public void run(FloatBuffer input, FloatBuffer output, int batch, int height, int width) throws OrtException {
            generator.run(env, input, output, batch, height, width);
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                release(generator);
            }
        }
    }

    /** The version's session, loaded when needed, held open until the returned lease is closed. */
    public synchronized InUse use(String style, String version) throws JobFailure {
        LoadedGenerator generator = get(style, version);
        running.merge(generator, 1, Integer::sum);
        return new InUse(generator);
    }

    private synchronized void release(LoadedGenerator generator) {
        if (running.computeIfPresent(generator, (g, runs) -> runs == 1 ? null : runs - 1) == null
                && retired.remove(generator)) {
            closeQuietly(generator.session());
            LOG.infof("Closed model %s/%s after its last run", generator.style(), generator.version());
        }
    }

    /** Whether a version is open now. */
    public synchronized boolean isLoaded(String style, String version) {
        return cache.containsKey(style + "/" + version);
    }

    @PreDestroy
    synchronized void close() {
        evictBeyond(0);
    }

    private LoadedGenerator load(String style, String version) throws JobFailure {
        Span span = tracer.spanBuilder("model load").setAttribute("atelier.model", style + "/" + version).startSpan();
        try (Scope scope = span.makeCurrent()) {
            return open(style, version);
        } catch (JobFailure failure) {
            span.recordException(failure).setStatus(StatusCode.ERROR, failure.reason().name());
            throw failure;
        } finally {
            span.end();
        }
    }

    private LoadedGenerator open(String style, String version) throws JobFailure {
        byte[] model = registry.generator(style, version);
        OrtSession session = null;
        try (OrtSession.SessionOptions options = sessionOptions()) {
            session = env.createSession(model, options);
            GeneratorRuntime.checkContract(session);
            LoadedGenerator loaded = new LoadedGenerator(style, version, session);
            GeneratorRuntime.probe(env, session);
            meters.counter("atelier.inference.model.loads", "style", style, "outcome", "loaded").increment();
            LOG.infof("Loaded model %s/%s (%d bytes)", style, version, model.length);
            return loaded;
        } catch (Error e) {
            closeQuietly(session);
            throw e;
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            meters.counter("atelier.inference.model.loads", "style", style, "outcome", "failed").increment();
            throw new JobFailure(FailureReason.MODEL_UNAVAILABLE,
                    "model " + style + "/" + version + " cannot be run: " + e.getMessage(), false, e);
        }
    }

    private OrtSession.SessionOptions sessionOptions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        applyCpuOptions(options, config);
        if (config.cuda() && cudaAvailable != Boolean.FALSE) {
            try {
                options.addCUDA(0);
                cudaAvailable = Boolean.TRUE;
            } catch (OrtException | RuntimeException e) {
                cudaAvailable = Boolean.FALSE;
                LOG.warnf("CUDA was requested but is not available (%s); running on the CPU", e.getMessage());
            }
        }
        return options;
    }

    /** The session options the worker sets for the CPU; public for the benchmark, which runs the model alike. */
    public static void applyCpuOptions(OrtSession.SessionOptions options, InferenceConfig config) throws OrtException {
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setIntraOpNumThreads(config.intraOpThreads());
        options.setInterOpNumThreads(config.interOpThreads());
        options.addConfigEntry("session.intra_op.allow_spinning", config.intraOpSpinning() ? "1" : "0");
        options.setCPUArenaAllocator(config.cpuArena());
        options.setMemoryPatternOptimization(config.memoryPattern());
    }

    private void evictBeyond(int size) {
        Iterator<LoadedGenerator> eldest = cache.values().iterator();
        while (cache.size() > size && eldest.hasNext()) {
            LoadedGenerator evicted = eldest.next();
            eldest.remove();
            if (running.containsKey(evicted)) {
                retired.add(evicted);
                LOG.infof("Evicted model %s/%s; closed when its runs end", evicted.style(), evicted.version());
            } else {
                closeQuietly(evicted.session());
                LOG.infof("Closed model %s/%s", evicted.style(), evicted.version());
            }
        }
    }

    private static void closeQuietly(OrtSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException e) {
                LOG.warn("Closing a model session failed", e);
            }
        }
    }
}
