package io.atelier.trainer.training;

import ai.djl.Device;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The trainer's meters, so that an operator sees from Prometheus alone whether training moves, on
 * which device, and how runs end. Loss gauges show the latest step of any run on this replica (one
 * run at a time by default).
 */
@ApplicationScoped
public class TrainingMetrics {

    private final MeterRegistry meters;
    private final Counter succeeded;
    private final Counter failed;
    private final Counter steps;
    private final Counter generatorSkipped;
    private final Counter discriminatorSkipped;
    private final AtomicReference<Double> stepsPerSecond = new AtomicReference<>(0.0);
    private final Map<String, AtomicReference<Double>> losses = new ConcurrentHashMap<>();

    public TrainingMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.succeeded = runs(meters, "succeeded");
        this.failed = runs(meters, "failed");
        this.steps = Counter.builder("atelier.trainer.steps").description("Training steps done").register(meters);
        this.generatorSkipped = skipped(meters, "generator");
        this.discriminatorSkipped = skipped(meters, "discriminator");
        Gauge.builder("atelier.trainer.steps.per.second", stepsPerSecond, AtomicReference::get)
                .description("Steps per second of the latest progress report").register(meters);
    }

    private static Counter runs(MeterRegistry meters, String outcome) {
        return Counter.builder("atelier.trainer.runs").description("Training runs ended, by outcome")
                .tag("outcome", outcome).register(meters);
    }

    private static Counter skipped(MeterRegistry meters, String network) {
        return Counter.builder("atelier.trainer.updates.skipped")
                .description("Updates dropped for a loss that was not finite, or a gradient not finite in two "
                        + "passes, by network")
                .tag("network", network).register(meters);
    }

    /** The device every run of this replica trains on, as a gauge of 1 tagged with it. */
    void device(Device device) {
        Gauge.builder("atelier.trainer.device", () -> 1).description("The device training runs on")
                .tag("device", device.getDeviceType()).register(meters);
    }

    /** Runs this replica holds, queued or training. */
    void holding(Map<String, ?> runs) {
        Gauge.builder("atelier.trainer.runs.active", runs, Map::size)
                .description("Training runs held by this replica, queued or training").register(meters);
    }

    void stepped(StepLosses step) {
        steps.increment();
        step.asMap().forEach((term, value) -> losses.computeIfAbsent(term, this::lossGauge).set(value));
    }

    /** A few are harmless; a count that rises with the steps means a run that no longer learns. */
    void skipped(long generatorUpdates, long discriminatorUpdates) {
        generatorSkipped.increment(generatorUpdates);
        discriminatorSkipped.increment(discriminatorUpdates);
    }

    void rate(double perSecond) {
        stepsPerSecond.set(perSecond);
    }

    void succeeded() {
        succeeded.increment();
    }

    void failed() {
        failed.increment();
    }

    private AtomicReference<Double> lossGauge(String term) {
        AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
        Gauge.builder("atelier.trainer.loss", value, AtomicReference::get)
                .description("Latest loss of a training step, by term").tag("term", term).register(meters);
        return value;
    }
}
