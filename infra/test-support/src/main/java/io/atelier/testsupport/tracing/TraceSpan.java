package io.atelier.testsupport.tracing;

import io.opentelemetry.sdk.trace.data.SpanData;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One recorded span, from the SDK's in-memory exporter or from OTLP, in the shape tests compare and
 * print.
 *
 * @param service      the recording service's {@code service.name}
 * @param traceId      32 hex digits
 * @param spanId       16 hex digits
 * @param parentSpanId 16 hex digits, or empty for a root
 * @param name         span name
 * @param startNanos   start, epoch nanoseconds
 */
public record TraceSpan(String service, String traceId, String spanId, String parentSpanId, String name,
                        long startNanos) {

    /** Spans the SDK exported in this JVM. */
    public static List<TraceSpan> of(Collection<SpanData> spans) {
        return spans.stream().map(span -> new TraceSpan(
                String.valueOf(span.getResource().getAttributes().asMap().entrySet().stream()
                        .filter(entry -> entry.getKey().getKey().equals("service.name"))
                        .map(Map.Entry::getValue).findFirst().orElse("?")),
                span.getTraceId(), span.getSpanId(),
                span.getParentSpanContext().isValid() ? span.getParentSpanId() : "",
                span.getName(), span.getStartEpochNanos())).toList();
    }

    /** The spans of one trace. */
    public static List<TraceSpan> inTrace(Collection<TraceSpan> spans, String traceId) {
        return spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    /**
     * The trace as an indented tree, children under their parent in start order, one line per span:
     * {@code service  name  spanId}. Spans whose parent was not recorded are listed at the top level.
     */
    public static String tree(Collection<TraceSpan> spans) {
        Map<String, TraceSpan> byId = spans.stream().collect(Collectors.toMap(TraceSpan::spanId, Function.identity(),
                (a, b) -> a));
        Map<String, List<TraceSpan>> children = spans.stream()
                .sorted(Comparator.comparingLong(TraceSpan::startNanos))
                .collect(Collectors.groupingBy(span -> byId.containsKey(span.parentSpanId()) ? span.parentSpanId() : "",
                        java.util.LinkedHashMap::new, Collectors.toList()));
        List<String> lines = new ArrayList<>();
        String traceIds = spans.stream().map(TraceSpan::traceId).distinct().collect(Collectors.joining(", "));
        lines.add("trace " + traceIds + " (" + spans.size() + " spans)");
        append(children, "", 1, lines);
        return String.join(System.lineSeparator(), lines);
    }

    private static void append(Map<String, List<TraceSpan>> children, String parent, int depth, List<String> lines) {
        for (TraceSpan span : children.getOrDefault(parent, List.of())) {
            lines.add("  ".repeat(depth) + span.service() + "  " + span.name() + "  " + span.spanId());
            append(children, span.spanId(), depth + 1, lines);
        }
    }
}
