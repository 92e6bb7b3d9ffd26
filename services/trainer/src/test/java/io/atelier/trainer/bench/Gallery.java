package io.atelier.trainer.bench;

import io.atelier.generator.GeneratorOnnx;
import io.atelier.generator.evaluation.StyleEvaluation;
import io.atelier.schemas.models.ModelEvaluation;
import io.atelier.trainer.Samples;
import io.atelier.trainer.TrainingPlan;
import io.atelier.trainer.training.SampleTraining;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The README's gallery: every bundled painting ({@code infra/samples/styles}) trained with one profile
 * (or a variant of one, named as {@code ./atelier bench quality} names them) on the bundled training
 * photos, its ONNX export (what the workers run) applied to the first four held-out photos, which no
 * run trains on. Writes one compressed JPEG grid and prints a Markdown table of each painting's
 * training time and quality report ({@link StyleEvaluation}), then the same for the runs' last step's
 * weights, which the trainer does not publish (it publishes their running average).
 *
 * <pre>./atelier gallery [VARIANT [DIR]]   (default quick; writes docs/gallery/VARIANT.jpg)</pre>
 */
public final class Gallery {

    static final int PHOTOS = 4;
    static final int CELL = 192;
    static final int GAP = 6;
    static final int LABEL = 22;

    private Gallery() {
    }

    public static void main(String[] args) throws Exception {
        String variant = args.length > 0 ? args[0] : "quick";
        Path out = args.length > 1 ? Path.of(args[1]) : Samples.ROOT.getParent().getParent().resolve("docs/gallery");
        TrainingPlan plan = LossVariantsBenchmark.variant(variant);
        List<BufferedImage> training = Samples.images(Samples.CONTENT);
        List<Path> photoFiles = Samples.files(Samples.HOLDOUT).stream().limit(PHOTOS).toList();
        List<StyleEvaluation.NamedImage> photos = photoFiles.stream()
                .map(f -> new StyleEvaluation.NamedImage(f.getFileName().toString(), Samples.read(f))).toList();
        List<Path> paintings = Samples.files(Samples.STYLES);

        List<String> rows = new ArrayList<>();
        List<String> lastWeightRows = new ArrayList<>();
        List<StyleEvaluation.Result> results = new ArrayList<>();
        for (Path file : paintings) {
            BufferedImage painting = Samples.read(file);
            long start = System.nanoTime();
            Exports onnx = train(plan, training, painting);
            double minutes = (System.nanoTime() - start) / 60e9;
            StyleEvaluation.Result result = StyleEvaluation.run(onnx.averaged(), photos, painting, CELL);
            results.add(result);
            rows.add(row(file, minutes, result));
            lastWeightRows.add(row(file, minutes, StyleEvaluation.run(onnx.last(), photos, painting, CELL)));
            System.out.println(rows.get(rows.size() - 1));
        }

        Files.createDirectories(out);
        Path jpg = out.resolve(variant.replace(',', '_') + ".jpg");
        writeJpeg(grid(photos, paintings, results), jpg, 0.85f);
        System.out.println();
        System.out.printf(Locale.ROOT, "Variant %s (%s), %d CPU cores; photos %s at %d px; grid: %s%n%n",
                variant, plan.describe(), Runtime.getRuntime().availableProcessors(),
                photoFiles.stream().map(p -> p.getFileName().toString()).toList(), CELL, jpg);
        table(rows);
        System.out.println();
        System.out.println("The same runs' last step's weights (not published, not in the grid), for comparison:");
        System.out.println();
        table(lastWeightRows);
    }

    private static String row(Path painting, double minutes, StyleEvaluation.Result result) {
        ModelEvaluation.Summary s = result.summary();
        return String.format(Locale.ROOT, "| %s | %.1f | %.3f | %.3f | %.3f / %.3f | %.2f | %+.1f |",
                painting.getFileName(), minutes, s.styleRatio(), s.textureRatio(), s.minSsim(), s.medianSsim(),
                s.medianBorderRatio(), s.medianBlackLevelRise());
    }

    private static void table(List<String> rows) {
        System.out.println("| painting | training (min) | style ratio | texture ratio | SSIM min / median "
                + "| border ratio | black-level rise |");
        System.out.println("|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    /** One run's two generators as ONNX: the running average of its weights (published) and its last weights. */
    record Exports(byte[] averaged, byte[] last) {
    }

    /** The plan trained in this process on the photos and the painting, exported as the trainer exports it. */
    static Exports train(TrainingPlan plan, List<BufferedImage> training, BufferedImage painting) throws Exception {
        Map<String, String> metadata = Map.of("style", "gallery");
        return SampleTraining.train(plan, training, painting, 0, trainer -> new Exports(
                GeneratorOnnx.build(plan.generatorSpec(), trainer.averagedWeights(), metadata),
                GeneratorOnnx.build(plan.generatorSpec(), trainer.generator().parameters().values(), metadata)));
    }

    /** Photos across the top, then one row per painting: the painting, then its outputs. */
    static BufferedImage grid(List<StyleEvaluation.NamedImage> photos, List<Path> paintings,
                              List<StyleEvaluation.Result> results) {
        int columns = photos.size() + 1;
        int width = GAP + columns * (CELL + GAP);
        int height = GAP + (paintings.size() + 1) * (CELL + LABEL + GAP);
        BufferedImage grid = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            for (int i = 0; i < photos.size(); i++) {
                cell(g, results.get(0).inputs().get(i), photos.get(i).name(), i + 1, 0);
            }
            for (int r = 0; r < paintings.size(); r++) {
                cell(g, StyleEvaluation.square(Samples.read(paintings.get(r)), CELL),
                        paintings.get(r).getFileName().toString(), 0, r + 1);
                for (int i = 0; i < photos.size(); i++) {
                    cell(g, results.get(r).outputs().get(i), null, i + 1, r + 1);
                }
            }
        } finally {
            g.dispose();
        }
        return grid;
    }

    private static void cell(Graphics2D g, BufferedImage image, String label, int column, int row) {
        int x = GAP + column * (CELL + GAP);
        int y = GAP + row * (CELL + LABEL + GAP);
        g.drawImage(image, x, y + LABEL, CELL, CELL, null);
        if (label != null) {
            g.setColor(Color.DARK_GRAY);
            g.drawString(label.replaceFirst("\\.jpg$", ""), x + 2, y + LABEL - 6);
        }
    }

    static void writeJpeg(BufferedImage image, Path file, float quality) throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        Files.deleteIfExists(file);
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
