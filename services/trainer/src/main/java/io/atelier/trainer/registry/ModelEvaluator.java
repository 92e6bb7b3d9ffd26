package io.atelier.trainer.registry;

import ai.onnxruntime.OrtException;
import io.atelier.common.storage.ObjectStore;
import io.atelier.generator.evaluation.QualityThresholds;
import io.atelier.generator.evaluation.StyleEvaluation;
import io.atelier.schemas.models.GateVerdict;
import io.atelier.schemas.models.ModelEvaluation;
import io.atelier.trainer.config.TrainerConfig;
import jakarta.enterprise.context.ApplicationScoped;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every new version on the held-out photos (infra/samples/holdout, copied into the jar at build
 * time with their SHA256SUMS, so nothing outside the jar is read) and applies the quality gate.
 * Five photos at {@value StyleEvaluation#SIDE} px in one batch: well under a second for the quick profile's
 * generator on two cores.
 */
@ApplicationScoped
public class ModelEvaluator {

    /** Where the build puts the samples on the classpath. */
    static final String SAMPLES = "atelier/samples/";
    static final String PHOTO_SET = "infra/samples/holdout";

    /** A version's evaluation: the stored document and its contact sheet (PNG). */
    public record Evaluated(ModelEvaluation document, byte[] contactSheet) {
    }

    private final TrainerConfig config;
    private volatile List<StyleEvaluation.NamedImage> holdout;

    public ModelEvaluator(TrainerConfig config) {
        this.config = config;
    }

    /**
     * Evaluates a generator and decides the gate.
     *
     * @param styleImage the style's painting (its object key as the name), or null for an import
     * @param exemption  why the gate does not apply (an exempt profile), or null
     */
    public Evaluated evaluate(String style, String version, byte[] onnx, StyleEvaluation.NamedImage styleImage,
                              String exemption) {
        StyleEvaluation.Result result;
        try {
            result = StyleEvaluation.run(onnx, holdout(), styleImage == null ? null : styleImage.image(),
                    StyleEvaluation.SIDE);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot evaluate " + style + "/" + version + ": " + e.getMessage(), e);
        }
        TrainerConfig.QualityGate gate = config.qualityGate();
        GateVerdict verdict;
        if (!gate.enabled()) {
            verdict = GateVerdict.skipped("the quality gate is off (atelier.trainer.quality-gate.enabled)");
        } else if (exemption != null) {
            verdict = GateVerdict.skipped(exemption);
        } else {
            verdict = GateVerdict.of(new QualityThresholds(gate.minSsim(), gate.maxBorderRatio(), gate.maxStyleRatio())
                    .failures(result.summary()));
        }
        return new Evaluated(result.document(style, version, PHOTO_SET,
                styleImage == null ? null : styleImage.name(), verdict), result.contactSheetPng());
    }

    /** The held-out photos named in the shipped SHA256SUMS, each checked against its sum. */
    List<StyleEvaluation.NamedImage> holdout() {
        List<StyleEvaluation.NamedImage> photos = holdout;
        if (photos == null) {
            photos = new ArrayList<>();
            for (String line : new String(resource("SHA256SUMS"), StandardCharsets.UTF_8).split("\n")) {
                String[] sumAndFile = line.strip().split("\\s+\\*?", 2);
                if (sumAndFile.length == 2 && sumAndFile[1].startsWith("holdout/")) {
                    byte[] bytes = resource(sumAndFile[1]);
                    if (!ObjectStore.sha256(bytes).equals(sumAndFile[0])) {
                        throw new IllegalStateException("the jar's " + sumAndFile[1] + " does not match its SHA-256");
                    }
                    photos.add(new StyleEvaluation.NamedImage(sumAndFile[1].substring("holdout/".length()),
                            decode(bytes, sumAndFile[1])));
                }
            }
            if (photos.isEmpty()) {
                throw new IllegalStateException("no held-out photos on the classpath under " + SAMPLES);
            }
            holdout = photos = List.copyOf(photos);
        }
        return photos;
    }

    private static byte[] resource(String name) {
        try (InputStream in = ModelEvaluator.class.getClassLoader().getResourceAsStream(SAMPLES + name)) {
            if (in == null) {
                throw new IllegalStateException(SAMPLES + name + " is not on the classpath (the build copies it)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.awt.image.BufferedImage decode(byte[] bytes, String name) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode " + name, e);
        }
    }
}
