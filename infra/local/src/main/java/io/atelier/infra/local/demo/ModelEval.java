package io.atelier.infra.local.demo;

import io.atelier.generator.evaluation.QualityThresholds;
import io.atelier.generator.evaluation.StyleEvaluation;
import io.atelier.infra.local.S3Server;
import io.atelier.infra.local.StackEndpoints;
import io.atelier.schemas.json.EventJson;
import io.atelier.schemas.models.CurrentModel;
import io.atelier.schemas.models.GateFailure;
import io.atelier.schemas.models.GateVerdict;
import io.atelier.schemas.models.ModelEvaluation;
import io.atelier.schemas.models.ModelManifest;
import io.atelier.schemas.storage.Bucket;
import io.atelier.schemas.storage.ObjectKeys;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./atelier eval STYLE [PHOTOS...] [--version vN] [--out DIR]}: runs a style's model from the
 * local registry on photos through the same {@link StyleEvaluation} the trainer runs on every published
 * version, prints the statistics per photo and their medians, and writes evaluation.json and the contact
 * sheet. The style image is the first one of the run that trained the version (none for an import).
 */
final class ModelEval {

    private ModelEval() {
    }

    /** Evaluates and returns the folder it wrote. */
    static Path run(StackEndpoints stack, String style, String pinned, List<Path> photoFiles, Path out,
                    PrintStream console) throws Exception {
        ObjectKeys.style(style);
        try (MinioClient s3 = MinioClient.builder().endpoint(stack.s3Endpoint())
                .credentials(stack.s3AccessKey(), stack.s3SecretKey()).region(S3Server.REGION).build()) {
            String version = pinned != null ? ObjectKeys.version(pinned)
                    : json(s3, ObjectKeys.currentModelPointer(style), CurrentModel.class, "style '" + style
                    + "' has no current model (train it first: ./atelier demo)").version();
            ModelManifest manifest = json(s3, ObjectKeys.modelManifest(style, version), ModelManifest.class,
                    "style '" + style + "' has no version " + version);
            byte[] onnx = get(s3, Bucket.MODELS, ObjectKeys.modelGenerator(style, version));
            StyleEvaluation.NamedImage painting = manifest.runId() == null ? null : styleImage(s3, style, manifest.runId());

            List<StyleEvaluation.NamedImage> photos = new ArrayList<>();
            for (Path file : photoFiles) {
                photos.add(new StyleEvaluation.NamedImage(file.getFileName().toString(), read(Files.readAllBytes(file),
                        file.toString())));
            }
            console.printf("Evaluating %s/%s on %d photo(s) at %d px%s...%n", style, version, photos.size(),
                    StyleEvaluation.SIDE, painting == null ? " (no style image: an import)" : " against " + painting.name());
            StyleEvaluation.Result result = StyleEvaluation.run(onnx, photos, painting == null ? null : painting.image(),
                    StyleEvaluation.SIDE);
            List<GateFailure> failures = QualityThresholds.DEFAULTS.failures(result.summary());
            ModelEvaluation document = result.document(style, version, photoFiles.size() + " photo(s) given to ./atelier eval",
                    painting == null ? null : painting.name(), GateVerdict.of(failures));
            print(document, console);
            console.println(failures.isEmpty() ? "Default quality gate: passed"
                    : "Default quality gate: would hold it back: " + String.join("; ",
                    failures.stream().map(GateFailure::describe).toList()));

            Path folder = Files.createDirectories(out.resolve(style + "-" + version));
            Path json = folder.resolve("evaluation.json");
            Path sheet = folder.resolve("contact-sheet.png");
            EventJson.mapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), document);
            Files.write(sheet, result.contactSheetPng());
            console.printf("Wrote %s%nWrote %s%n", json.toAbsolutePath(), sheet.toAbsolutePath());
            return folder;
        }
    }

    private static void print(ModelEvaluation evaluation, PrintStream console) {
        String row = "%-28s %13s %13s %7s %7s %13s%n";
        console.printf(row, "photo", "style dist.", "texture dist.", "SSIM", "border", "black level");
        for (ModelEvaluation.Photo p : evaluation.photos()) {
            console.printf(row, p.name(), change(p.styleDistanceBefore(), p.styleDistanceAfter()),
                    change(p.textureDistanceBefore(), p.textureDistanceAfter()),
                    fixed(p.ssim()), fixed(p.borderRatio()),
                    String.format(Locale.ROOT, "%.1f->%.1f", p.blackLevelBefore(), p.blackLevelAfter()));
        }
        ModelEvaluation.Summary s = evaluation.summary();
        console.printf(row, "median (style: mean ratio)", s.styleRatio() == null ? "-" : fixed(s.styleRatio()),
                s.textureRatio() == null ? "-" : fixed(s.textureRatio()),
                fixed(s.medianSsim()), fixed(s.medianBorderRatio()),
                String.format(Locale.ROOT, "%+.1f", s.medianBlackLevelRise()));
    }

    /** "before->after", or "-" without a style image. */
    private static String change(Double before, Double after) {
        return before == null ? "-" : String.format(Locale.ROOT, "%.3f->%.3f", before, after);
    }

    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** The first style image of the training run. */
    private static StyleEvaluation.NamedImage styleImage(MinioClient s3, String style, String runId) throws Exception {
        for (Result<Item> item : s3.listObjects(ListObjectsArgs.builder().bucket(Bucket.STYLES.bucketName())
                .prefix(ObjectKeys.styleImagesPrefix(style, runId)).build())) {
            String key = item.get().objectName();
            return new StyleEvaluation.NamedImage(key, read(get(s3, Bucket.STYLES, key), key));
        }
        return null;
    }

    private static <T> T json(MinioClient s3, String key, Class<T> type, String missing) throws Exception {
        try {
            return EventJson.mapper().readValue(get(s3, Bucket.MODELS, key), type);
        } catch (ErrorResponseException e) {
            throw new IllegalArgumentException(missing);
        }
    }

    private static byte[] get(MinioClient s3, Bucket bucket, String key) throws Exception {
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket.bucketName()).object(key).build())) {
            return in.readAllBytes();
        }
    }

    private static java.awt.image.BufferedImage read(byte[] bytes, String name) throws Exception {
        java.awt.image.BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        if (image == null) {
            throw new IllegalArgumentException(name + " is not an image ImageIO can read");
        }
        return image;
    }
}
