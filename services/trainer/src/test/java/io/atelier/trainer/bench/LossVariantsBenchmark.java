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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Variants of the quick profile's losses, trained one after another in one process on the sample
 * photos ({@code infra/samples/content}) and The Starry Night, then applied to the five held-out photos
 * at 192 px, as {@code QuickProfileQualityTest} does. Prints a Markdown table: training time, style
 * ratio (mean colour distance to the painting, after over before), lowest and median luminance SSIM,
 * median border ratio and median black-level rise ({@link QualityMetrics}).
 *
 * <pre>./atelier bench quality [VARIANT...]</pre>
 *
 * Without arguments every variant below runs (about 2 minutes each on two idle cores); a name
 * followed by {@code ,seedN} runs that variant with seed N. In one process
 * a variant repeats exactly; variants still end in different places for reasons unrelated to what
 * changed (one seed is one draw, see BENCHMARKS.md), so compare them on more than one seed.
 */
public final class LossVariantsBenchmark {

    static final int SIDE = 192;

    private LossVariantsBenchmark() {
    }

    /** The variants measured for issue #14, by name; the quick profile's own values unless named. */
    static Map<String, TrainingPlan> variants() {
        Map<String, TrainingPlan> v = new LinkedHashMap<>();
        v.put("quick", TrainingPlan.quick());
        v.put("old-quick", plan(0.3, 10, false, 0, 42));
        v.put("luma", plan(0.3, 10, true, 0, 42));
        v.put("luma+chroma20", plan(0.3, 10, true, 20, 42));
        v.put("luma+chroma30", plan(0.3, 10, true, 30, 42));
        v.put("rgb+chroma30", plan(0.3, 10, false, 30, 42));
        TrainingPlan q = TrainingPlan.quick();
        // a ten-minute CPU candidate: the quick profile's network and losses, four times the steps on larger crops
        v.put("quick-2400x128", new TrainingPlan(2400, 128, q.batchSize(), q.alpha(), q.lambda(), q.lumaContent(),
                q.textureWeight(), q.colourWeight(), q.generatorWidth(), q.residualBlocks(), q.discriminatorWidth(),
                q.learningRate(), q.poolSize(), q.seed()));
        return v;
    }

    /** A variant by name; {@code NAME,seedN} is that variant with seed N. */
    static TrainingPlan variant(String name) {
        int comma = name.indexOf(",seed");
        TrainingPlan p = variants().get(comma < 0 ? name : name.substring(0, comma));
        if (p == null) {
            throw new IllegalArgumentException("unknown variant " + name + "; known: " + variants().keySet()
                    + ", each optionally followed by ,seedN");
        }
        long seed = comma < 0 ? p.seed() : Long.parseLong(name.substring(comma + ",seed".length()));
        return new TrainingPlan(p.steps(), p.cropSize(), p.batchSize(), p.alpha(), p.lambda(), p.lumaContent(),
                p.textureWeight(), p.colourWeight(), p.generatorWidth(), p.residualBlocks(), p.discriminatorWidth(),
                p.learningRate(), p.poolSize(), seed);
    }

    static TrainingPlan plan(double alpha, double lambda, boolean luma, double colour, long seed) {
        TrainingPlan q = TrainingPlan.quick();
        return new TrainingPlan(q.steps(), q.cropSize(), q.batchSize(), alpha, lambda, luma, q.textureWeight(),
                colour, q.generatorWidth(), q.residualBlocks(), q.discriminatorWidth(), q.learningRate(),
                q.poolSize(), seed);
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("PYTORCH_VERSION", "2.7.1");
        System.setProperty("PYTORCH_FLAVOR", "cpu");
        List<String> names = args.length > 0 ? Arrays.asList(args) : new ArrayList<>(variants().keySet());
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
            List<BufferedImage> outputs = SampleTraining.train(plan, training, painting, 0,
                    trainer -> SampleTraining.stylise(trainer, unseen, SIDE));
            double seconds = (System.nanoTime() - start) / 1e9;
            ModelEvaluation.Summary s = StyleEvaluation.measure(photoNames, unseen, outputs, painting).summary();
            String row = String.format(Locale.ROOT,
                    "| %s | %d / %d px | alpha %s, lambda %s, content %s, colour %s, seed %d | %.0f s | %.3f | "
                            + "%.3f / %.3f | %.2f | %.1f |",
                    name, plan.steps(), plan.cropSize(), plan.alpha(), plan.lambda(),
                    plan.lumaContent() ? "luma" : "RGB", plan.colourWeight(), plan.seed(), seconds, s.styleRatio(),
                    s.minSsim(), s.medianSsim(), s.medianBorderRatio(), s.medianBlackLevelRise());
            System.out.println(row);
            rows.add(row);
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%d CPU cores, %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"));
        System.out.println("| variant | steps / crop | losses | training time | style ratio | SSIM min / median "
                + "| border ratio | black-level rise |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }
}
