package io.atelier.inference.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a JVM's CPU went, from a JDK Flight Recorder file: the share of execution samples per stage of
 * the job path (the first frame on the stack that names one) and the hottest methods. ONNX Runtime's
 * own threads are native and not sampled by JFR; their time shows as the gap to the machine's total.
 */
final class CpuProfile {

    /** A stage and the frame prefixes that mark it, most specific first. */
    private static final Map<String, List<String>> STAGES = new LinkedHashMap<>();

    static {
        STAGES.put("inference (ORT call)", List.of("ai.onnxruntime."));
        STAGES.put("tensor copy", List.of("io.atelier.inference.image.ImageCodec.toTensor",
                "io.atelier.inference.image.ImageCodec.fromTensor"));
        STAGES.put("encode (PNG/JPEG)", List.of("io.atelier.common.image.Images.png",
                "io.atelier.inference.image.ImageCodec.encode"));
        STAGES.put("decode and fit", List.of("io.atelier.inference.image.ImageCodec.decode",
                "io.atelier.inference.image.ImageCodec.fitForModel"));
        STAGES.put("object store (S3 client)", List.of("io.minio.", "okhttp3.", "okio."));
        STAGES.put("Kafka client", List.of("org.apache.kafka."));
        STAGES.put("JSON and events", List.of("com.fasterxml.jackson.", "io.atelier.schemas."));
        STAGES.put("metrics and tracing", List.of("io.micrometer.", "io.opentelemetry."));
    }

    private CpuProfile() {
    }

    /** Markdown: samples per stage, then the top methods by self samples. */
    static String summarise(Path recording, int topMethods) throws IOException {
        Map<String, Integer> byStage = new LinkedHashMap<>();
        STAGES.keySet().forEach(stage -> byStage.put(stage, 0));
        byStage.put("other", 0);
        Map<String, Integer> byMethod = new HashMap<>();
        int total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            total++;
            List<String> frames = stack.getFrames().stream().map(CpuProfile::name).toList();
            byMethod.merge(frames.get(0), 1, Integer::sum);
            byStage.merge(stageOf(frames), 1, Integer::sum);
        }
        List<String> lines = new ArrayList<>();
        lines.add("| stage (first matching frame on the stack) | samples | share |");
        lines.add("|---|---|---|");
        for (Map.Entry<String, Integer> stage : byStage.entrySet()) {
            lines.add(String.format(Locale.ROOT, "| %s | %d | %.1f %% |", stage.getKey(), stage.getValue(),
                    100.0 * stage.getValue() / Math.max(1, total)));
        }
        lines.add("");
        lines.add("| hottest methods (self) | samples | share |");
        lines.add("|---|---|---|");
        int all = total;
        byMethod.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(topMethods)
                .forEach(method -> lines.add(String.format(Locale.ROOT, "| `%s` | %d | %.1f %% |", method.getKey(),
                        method.getValue(), 100.0 * method.getValue() / Math.max(1, all))));
        lines.add("");
        lines.add(total + " execution samples of JVM threads");
        return String.join(System.lineSeparator(), lines);
    }

    private static String stageOf(List<String> frames) {
        for (String frame : frames) {
            for (Map.Entry<String, List<String>> stage : STAGES.entrySet()) {
                if (stage.getValue().stream().anyMatch(frame::startsWith)) {
                    return stage.getKey();
                }
            }
        }
        return "other";
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
