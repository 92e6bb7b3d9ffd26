package io.atelier.trainer.bench;

import io.atelier.generator.evaluation.QualityMetrics;
import io.atelier.generator.evaluation.StyleEvaluation;
import io.atelier.schemas.models.ModelEvaluation;
import io.atelier.trainer.Samples;
import io.atelier.trainer.TrainingPlan;
import io.atelier.trainer.training.SampleTraining;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Variants of the quick profile's losses, trained one after another in one process on the sample
 * photos ({@code infra/samples/content}) and The Starry Night, then applied to the five held-out photos
 * at 192 px, as {@code QuickProfileQualityTest} does. Prints a Markdown table: training time, style
 * ratio (mean colour distance to the painting, after over before), lowest and median luminance SSIM,
 * median border ratio, median black-level rise ({@link QualityMetrics}) and the black level of the photo
 * with the darkest blacks, before and after. Each variant has two rows from its one run: the running
 * average of the generator's weights (what the trainer publishes), then the last step's weights.
 *
 * <pre>./atelier bench quality [VARIANT...]</pre>
 *
 * Without arguments the variants of the quick profile's length run (about a minute each on two idle
 * cores); options after a name change its parameters ({@link #variant}). In one process
 * a variant repeats exactly; variants still end in different places for reasons unrelated to what
 * changed (one seed is one draw, see BENCHMARKS.md), so compare them on more than one seed.
 */
public final class LossVariantsBenchmark {

    static final int SIDE = 192;
    /** The two generators of one run, as row suffixes: the published running average, then the last weights. */
    private static final List<String> WEIGHTS = List.of("", " (last step's weights)");
    /** The options a variant's name can carry, each followed by its value; {@code edgepool} before {@code edge}. */
    private static final Map<String, BiFunction<TrainingPlan.Builder, String, TrainingPlan.Builder>> OPTIONS =
            options();
    private static final Pattern OPTION =
            Pattern.compile("(" + String.join("|", OPTIONS.keySet()) + ")([0-9.e-]+)");

    private LossVariantsBenchmark() {
    }

    /** The variants measured for issue #14, by name. */
    static Map<String, TrainingPlan> variants() {
        Map<String, TrainingPlan> v = new LinkedHashMap<>();
        v.put("quick", TrainingPlan.quick());
        // the quick profile with the loss weights it had until 2026-12-01
        v.put("quick-before", withLossesOf(TrainingPlan.quick(), extendedBefore()));
        // the quick profile without its colour term, to see what the term does
        v.put("no-colour", TrainingPlan.quick().toBuilder().colourWeight(0).build());
        v.put("extended", TrainingPlan.extended());
        v.put("extended-before", extendedBefore());
        // the GPU profile, to check on a CPU that it trains: give it ,stepsN
        v.put("standard", TrainingPlan.standard());
        // the GPU profile's network and crops with the losses quick had until 2026-12-01
        v.put("standard-quick-losses", withLossesOf(TrainingPlan.standard(), extendedBefore()));
        return v;
    }

    /**
     * The extended profile until 2026-12-02, which earlier commands in BENCHMARKS.md name {@code extended}:
     * the GPU profile's network on 240 steps of four 128 px crops, with the loss weights quick had until
     * 2026-12-01.
     */
    private static TrainingPlan extendedBefore() {
        return new TrainingPlan(240, 128, 4, 0.3, 60, true, 1, 400, 0, 1, 32, 9, 64, 2e-4, 1, 50, 42);
    }

    /**
     * A variant by name, then any of {@code ,seedN ,stepsN ,cropN ,batchN ,alphaX ,lambdaX ,textureX ,widthN
     * ,lrX ,colourX ,edgeX ,edgepoolN ,keepX} to override that training parameter ({@code width}: the
     * generator's first layer; {@code edge}: the edge loss's weight; {@code edgepool}: the side of the squares
     * it averages; {@code keep}: the keep map's learning-rate multiple;
     * e.g. {@code standard,steps40}: the GPU profile for a few steps on a CPU; {@code quick,steps2400,crop128}:
     * a longer run of the quick profile).
     */
    static TrainingPlan variant(String name) {
        String[] parts = name.split(",");
        TrainingPlan plan = variants().get(parts[0]);
        if (plan == null) {
            throw new IllegalArgumentException("unknown variant " + name + "; known: " + variants().keySet());
        }
        for (String option : Arrays.asList(parts).subList(1, parts.length)) {
            Matcher m = OPTION.matcher(option);
            if (!m.matches()) {
                throw new IllegalArgumentException("unknown option " + option + "; known: " + OPTIONS.keySet()
                        + ", each followed by its value");
            }
            plan = OPTIONS.get(m.group(1)).apply(plan.toBuilder(), m.group(2)).build();
        }
        return plan;
    }

    /** {@code plan} with the loss weights of {@code losses} (alpha, lambda, content term, texture, colour, edge). */
    private static TrainingPlan withLossesOf(TrainingPlan p, TrainingPlan losses) {
        return p.toBuilder().alpha(losses.alpha()).lambda(losses.lambda()).lumaContent(losses.lumaContent())
                .textureWeight(losses.textureWeight()).colourWeight(losses.colourWeight())
                .edgeWeight(losses.edgeWeight()).edgePool(losses.edgePool()).build();
    }

    private static Map<String, BiFunction<TrainingPlan.Builder, String, TrainingPlan.Builder>> options() {
        Map<String, BiFunction<TrainingPlan.Builder, String, TrainingPlan.Builder>> o = new LinkedHashMap<>();
        o.put("seed", (plan, v) -> plan.seed(Long.parseLong(v)));
        o.put("steps", (plan, v) -> plan.steps(Integer.parseInt(v)));
        o.put("crop", (plan, v) -> plan.cropSize(Integer.parseInt(v)));
        o.put("batch", (plan, v) -> plan.batchSize(Integer.parseInt(v)));
        o.put("alpha", (plan, v) -> plan.alpha(Double.parseDouble(v)));
        o.put("lambda", (plan, v) -> plan.lambda(Double.parseDouble(v)));
        o.put("texture", (plan, v) -> plan.textureWeight(Double.parseDouble(v)));
        o.put("width", (plan, v) -> plan.generatorWidth(Integer.parseInt(v)));
        o.put("lr", (plan, v) -> plan.learningRate(Double.parseDouble(v)));
        o.put("colour", (plan, v) -> plan.colourWeight(Double.parseDouble(v)));
        o.put("edgepool", (plan, v) -> plan.edgePool(Integer.parseInt(v)));
        o.put("edge", (plan, v) -> plan.edgeWeight(Double.parseDouble(v)));
        o.put("keep", (plan, v) -> plan.keepRateScale(Double.parseDouble(v)));
        return o;
    }

    public static void main(String[] args) throws Exception {
        List<String> names = args.length > 0 ? Arrays.asList(args) : variants().entrySet().stream()
                .filter(v -> v.getValue().steps() == TrainingPlan.quick().steps()).map(Map.Entry::getKey).toList();
        names.forEach(LossVariantsBenchmark::variant);
        List<BufferedImage> training = Samples.images(Samples.CONTENT);
        List<BufferedImage> unseen = Samples.images(Samples.HOLDOUT).stream()
                .map(image -> StyleEvaluation.square(image, SIDE)).toList();
        BufferedImage painting = Samples.read(Samples.STARRY_NIGHT);
        List<String> rows = new ArrayList<>();
        List<String> photoNames = Samples.files(Samples.HOLDOUT).stream().map(f -> f.getFileName().toString())
                .toList();
        for (String name : names) {
            TrainingPlan plan = variant(name);
            long start = System.nanoTime();
            List<List<BufferedImage>> outputs = SampleTraining.train(plan, training, painting,
                    Math.max(1, plan.steps() / 10), trainer -> List.of(SampleTraining.stylise(trainer, unseen, SIDE),
                            SampleTraining.styliseWithLastWeights(plan, trainer, unseen, SIDE)));
            double seconds = (System.nanoTime() - start) / 1e9;
            for (int weights = 0; weights < WEIGHTS.size(); weights++) {
                String row = row(name + WEIGHTS.get(weights), plan, seconds,
                        StyleEvaluation.measure(photoNames, unseen, outputs.get(weights), painting));
                System.out.println(row);
                rows.add(row);
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%d CPU cores, %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"));
        System.out.println("| variant | steps / crop | losses | training time | style ratio | texture ratio "
                + "| SSIM min / median "
                + "| border ratio | black-level rise | darkest photo's black level |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static String row(String label, TrainingPlan plan, double seconds, StyleEvaluation.Result evaluation) {
        ModelEvaluation.Summary s = evaluation.summary();
        ModelEvaluation.Photo darkest = evaluation.photos().stream()
                .min(Comparator.comparingDouble(ModelEvaluation.Photo::blackLevelBefore)).orElseThrow();
        return String.format(Locale.ROOT,
                "| %s | %d / %d px | alpha %s, lambda %s, content %s, texture %s, colour %s, edge %s / %d, seed %d | "
                        + "%.0f s | %.3f | %.3f | %.3f / %.3f | %.2f | %.1f | %.1f -> %.1f |",
                label, plan.steps(), plan.cropSize(), plan.alpha(), plan.lambda(),
                plan.lumaContent() ? "luma" : "RGB", plan.textureWeight(), plan.colourWeight(), plan.edgeWeight(),
                plan.edgePool(), plan.seed(), seconds, s.styleRatio(), s.textureRatio(), s.minSsim(), s.medianSsim(),
                s.medianBorderRatio(), s.medianBlackLevelRise(), darkest.blackLevelBefore(), darkest.blackLevelAfter());
    }
}
