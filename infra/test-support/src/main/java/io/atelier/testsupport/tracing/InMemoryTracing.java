package io.atelier.testsupport.tracing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * The span exporter of every {@code @QuarkusTest} application: with a {@code SpanExporter} bean present
 * Quarkus exports to it instead of OTLP, so tests read the spans the service really recorded.
 */
@Singleton
public class InMemoryTracing {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }

    /**
     * The spans of a trace once {@code complete} holds for them (spans arrive as they end, in batches),
     * or those there are when the timeout passes, for the caller's assertions to name what is missing.
     */
    public static List<TraceSpan> awaitTrace(InMemorySpanExporter exporter, String traceId,
                                             Predicate<List<TraceSpan>> complete, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TraceSpan> trace = List.of();
        while (System.nanoTime() < deadline) {
            trace = TraceSpan.inTrace(TraceSpan.of(exporter.getFinishedSpanItems()), traceId);
            if (complete.test(trace)) {
                return trace;
            }
            Thread.sleep(50);
        }
        return trace;
    }
}
