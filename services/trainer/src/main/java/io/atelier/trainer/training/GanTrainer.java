package io.atelier.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDResource;
import ai.djl.ndarray.types.Shape;
import io.atelier.trainer.TrainingPlan;
import io.atelier.trainer.model.DiscriminatorNetwork;
import io.atelier.trainer.model.GeneratorNetwork;
import io.atelier.trainer.model.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Adversarial training of a generator against a PatchGAN discriminator, one step at a time:
 * a discriminator step (least squares: real style crops towards 1, generated images from the pool
 * towards 0), then a generator step minimising
 * {@code adv + lambda * (alpha * ||G(x)-y||^2 + (1-alpha) * ||G(x)-x||^2) + textureWeight * gram
 * + colourWeight * colour + edgeWeight * edge}, where {@code gram} compares Gram matrices of the
 * discriminator's features of G(x) and of the style crops, {@code colour} the colour distribution of G(x)
 * with that of the style crops of recent steps, {@code edge} the luminance edges of G(x) and x
 * ({@link EdgeDistance}), and the content term {@code ||G(x)-x||^2} compares luminance only when the plan
 * says {@link TrainingPlan#lumaContent()}.
 * The generator it samples with and hands out for export is not the trained one but a running average
 * of its weights ({@link #AVERAGE_DECAY}): side by side in one run on The Starry Night, the average kept
 * more structure than the last step's weights every time and mostly closer textures; on other paintings
 * it was mixed (BENCHMARKS.md).
 * Owns its networks and optimisers in one NDManager; {@link #close()} frees them. Use it from one
 * thread at a time; several trainers may run on several threads (see {@link Autograd}). After
 * {@link #restore} the pool of past fakes and the palette of style colours start empty.
 */
public final class GanTrainer implements AutoCloseable {

    /**
     * Most weight the average keeps a step (an exponential moving average); early on it keeps
     * {@code (1 + step) / (10 + step)}, so that the random start is soon forgotten.
     */
    static final double AVERAGE_DECAY = 0.999;

    private final TrainingPlan plan;
    private final NDManager manager;
    private final GeneratorNetwork generator;
    private final GeneratorNetwork averaged;
    private final DiscriminatorNetwork discriminator;
    private final AdamOptimizer generatorOptimizer;
    private final AdamOptimizer discriminatorOptimizer;
    private final List<float[]> pool = new ArrayList<>();
    private final StylePalette palette = new StylePalette();
    private long step;
    private long skippedGeneratorSteps;
    private long skippedDiscriminatorSteps;
    private String lastSkip = "";
    private String lastRecomputation = "";

    public GanTrainer(TrainingPlan plan, NDManager parent) {
        this.plan = plan;
        this.manager = parent.newSubManager();
        try {
            this.generator = GeneratorNetwork.initialise(manager, plan.generatorSpec(), plan.seed());
            this.averaged = new GeneratorNetwork(plan.generatorSpec(),
                    Parameters.of(manager, plan.generatorSpec().parameterShapes(), generator.parameters().values()));
            this.discriminator = DiscriminatorNetwork.initialise(manager, plan.discriminatorWidth(), plan.seed() + 1);
            this.generatorOptimizer = new AdamOptimizer(manager, generator.parameters(), 0.5, 0.999,
                    Map.of(GeneratorNetwork.KEEP_WEIGHT, (float) plan.keepRateScale()));
            this.discriminatorOptimizer = new AdamOptimizer(manager, discriminator.parameters(), 0.5, 0.999);
        } catch (RuntimeException | Error e) {
            // no one can close a trainer whose constructor threw: what it allocated (GPU memory) would stay
            manager.close();
            throw e;
        }
    }

    /** Steps done so far. */
    public long step() {
        return step;
    }

    /** Generator updates dropped because a loss or gradient was not finite; a run that skips many is broken. */
    public long skippedGeneratorSteps() {
        return skippedGeneratorSteps;
    }

    /** The same for the discriminator. */
    public long skippedDiscriminatorSteps() {
        return skippedDiscriminatorSteps;
    }

    /**
     * Passes run twice because a gradient was not finite the first time
     * ({@link AdamOptimizer#step(Parameters, double, Runnable)}); a step skipped for its gradients has
     * one too.
     */
    public long recomputedPasses() {
        return generatorOptimizer.recomputedPasses() + discriminatorOptimizer.recomputedPasses();
    }

    /** What the last recomputed pass found not finite the first time (empty if none was), for logs and tests. */
    public String lastRecomputation() {
        return lastRecomputation;
    }

    /** What the last skipped update found not finite (empty if none was skipped), for logs and tests. */
    public String lastSkip() {
        return lastSkip;
    }

    /** The generator being trained. */
    public GeneratorNetwork generator() {
        return generator;
    }

    /** The running average of the generator's weights: what {@link #stylise} uses, and what to publish. */
    public Map<String, float[]> averagedWeights() {
        return averaged.parameters().values();
    }

    /** One discriminator step and one generator step on the given crops (flattened NCHW). */
    public StepLosses train(float[] content, float[] style) {
        int n = plan.batchSize();
        int s = plan.cropSize();
        Shape shape = new Shape(n, 3, s, s);
        double rate = plan.learningRateAt(step);
        Autograd.offOnThisThread();
        try (NDManager scope = manager.newSubManager()) {
            scope.tempAttachAll(owned());
            NDArray x = scope.create(content, shape);
            NDArray y = scope.create(style, shape);

            NDArray fake = generator.forward(x).stopGradient();
            NDArray pooled = scope.create(fromPool(fake.toFloatArray()), shape);
            Supplier<Double> discriminatorPass = () -> Autograd.collect(collector -> {
                NDArray real = discriminator.forward(y).sub(1).square().mean();
                NDArray generated = discriminator.forward(pooled).square().mean();
                NDArray loss = real.add(generated).mul(0.5f);
                collector.backward(loss);
                return (double) loss.getFloat();
            });
            double discriminatorLoss = discriminatorPass.get();
            if (!Double.isFinite(discriminatorLoss)) {
                AdamOptimizer.discard(discriminator.parameters());
                skippedDiscriminatorSteps++;
                lastSkip = skip("discriminator", "loss " + discriminatorLoss);
            } else if (!update("discriminator", discriminatorOptimizer, discriminator.parameters(), rate,
                    discriminatorPass::get)) {
                skippedDiscriminatorSteps++;
                lastSkip = skip("discriminator", "gradients " + discriminatorOptimizer.notFinite());
            }

            ColourTarget colourTarget = plan.colourWeight() > 0 ? colourTarget(style, n, s * s) : null;
            Supplier<StepLosses> generatorPass = () -> Autograd.collect(collector -> {
                NDArray output = generator.forward(x);
                NDArray adversarial = discriminator.forward(output).sub(1).square().mean();
                NDArray styleLoss = output.sub(y).square().mean();
                NDArray contentLoss = plan.lumaContent()
                        ? luma(output).sub(luma(x)).square().mean()
                        : output.sub(x).square().mean();
                NDArray texture = plan.textureWeight() > 0 ? gramDistance(output, y) : scope.zeros(new Shape());
                NDArray colour = plan.colourWeight() > 0
                        ? SlicedWasserstein.distance(output, colourTarget.directions(), colourTarget.pixels())
                        : scope.zeros(new Shape());
                NDArray edge = plan.edgeWeight() > 0
                        ? EdgeDistance.between(luma(output), luma(x), plan.edgePool()) : scope.zeros(new Shape());
                NDArray pixel = styleLoss.mul((float) plan.alpha()).add(contentLoss.mul((float) (1 - plan.alpha())));
                NDArray total = adversarial.add(pixel.mul((float) plan.lambda()))
                        .add(texture.mul((float) plan.textureWeight()))
                        .add(colour.mul((float) plan.colourWeight()))
                        .add(edge.mul((float) plan.edgeWeight()));
                collector.backward(total);
                return new StepLosses(discriminatorLoss, adversarial.getFloat(), styleLoss.getFloat(),
                        contentLoss.getFloat(), texture.getFloat(), colour.getFloat(), edge.getFloat(),
                        total.getFloat());
            });
            StepLosses losses = generatorPass.get();
            if (!losses.finite()) {
                AdamOptimizer.discard(generator.parameters());
                skippedGeneratorSteps++;
                lastSkip = skip("generator", "losses " + losses);
            } else if (!update("generator", generatorOptimizer, generator.parameters(), rate, () -> {
                AdamOptimizer.discard(discriminator.parameters()); // so that a skip names the second pass's
                generatorPass.get();
            })) {
                skippedGeneratorSteps++;
                // the discriminator's gradients from the same pass tell whether the NaN came through it
                lastSkip = skip("generator", "gradients " + generatorOptimizer.notFinite()
                        + " (the discriminator's in the same pass: "
                        + AdamOptimizer.notFiniteGradients(discriminator.parameters()) + ")");
            }
            AdamOptimizer.discard(discriminator.parameters());
            average();
            step++;
            return losses;
        }
    }

    private void average() {
        float keep = (float) Math.min(AVERAGE_DECAY, (1.0 + step) / (10.0 + step));
        averaged.parameters().all().forEach((name, mean) ->
                mean.muli(keep).addi(generator.parameters().get(name).mul(1 - keep)));
    }

    private boolean update(String network, AdamOptimizer optimizer, Parameters parameters, double rate,
                           Runnable pass) {
        long recomputed = optimizer.recomputedPasses();
        boolean updated = optimizer.step(parameters, rate, pass);
        if (updated && optimizer.recomputedPasses() > recomputed) {
            lastRecomputation = "step " + step + ": " + network + " pass recomputed, the first one's gradients "
                    + optimizer.notFinite() + " not finite";
        }
        return updated;
    }

    private String skip(String network, String what) {
        return "step " + step + ": " + network + " update skipped, " + what + " not finite";
    }

    /** The averaged generator's output for NCHW images (no gradients), e.g. for sample grids. */
    public float[] stylise(float[] images, int count, int height, int width) {
        Autograd.offOnThisThread();
        try (NDManager scope = manager.newSubManager()) {
            scope.tempAttachAll(owned());
            return averaged.forward(scope.create(images, new Shape(count, 3, height, width))).toFloatArray();
        }
    }

    /** Generator, discriminator, both optimisers and the generator's average, as a checkpoint. */
    public Checkpoint checkpoint() {
        return new Checkpoint(step, generator.parameters().serialise(), discriminator.parameters().serialise(),
                generatorOptimizer.serialise(), discriminatorOptimizer.serialise(), averaged.parameters().serialise());
    }

    /**
     * Continues from a checkpoint of a run with the same plan. A checkpoint without an average (written
     * before there was one) starts the average at its generator.
     *
     * @throws IllegalArgumentException if the checkpoint's networks do not have this plan's parameters;
     *                                  nothing is changed then
     */
    public void restore(Checkpoint checkpoint) {
        Autograd.offOnThisThread();
        Parameters savedGenerator = Parameters.deserialise(manager, plan.generatorSpec().parameterShapes(),
                checkpoint.generator());
        Parameters savedDiscriminator = Parameters.deserialise(manager,
                DiscriminatorNetwork.shapes(plan.discriminatorWidth()), checkpoint.discriminator());
        Parameters savedAverage = Parameters.deserialise(manager, plan.generatorSpec().parameterShapes(),
                checkpoint.averagedGenerator() == null ? checkpoint.generator() : checkpoint.averagedGenerator());
        copy(savedAverage, averaged.parameters());
        copy(savedGenerator, generator.parameters());
        copy(savedDiscriminator, discriminator.parameters());
        generatorOptimizer.restore(checkpoint.generatorOptimizer());
        discriminatorOptimizer.restore(checkpoint.discriminatorOptimizer());
        step = checkpoint.step();
        pool.clear();
        palette.clear();
    }

    @Override
    public void close() {
        manager.close();
    }

    /**
     * Texture and palette: per layer, the squared difference of the Gram matrices of the output and
     * of the style crops, relative to the style's own, averaged over the layers. The layers are the
     * image itself (its colour second moments: the palette) and the discriminator's activations
     * (strokes and textures as the critic sees them). Relative, so that every layer counts whatever
     * the scale of its activations.
     */
    private NDArray gramDistance(NDArray output, NDArray style) {
        NDList generated = new NDList(output);
        generated.addAll(discriminator.features(output));
        NDList target = new NDList(style);
        target.addAll(discriminator.features(style));
        NDArray sum = null;
        for (int i = 0; i < generated.size(); i++) {
            NDArray wanted = gram(target.get(i)).stopGradient();
            NDArray d = gram(generated.get(i)).sub(wanted).square().sum()
                    .div(wanted.square().sum().add(1e-8f));
            sum = sum == null ? d : sum.add(d);
        }
        return sum.div(generated.size());
    }

    /** Rec. 601 luma of NCHW RGB images, as N1HW; linear, so [-1, 1] maps to [-1, 1]. */
    private static NDArray luma(NDArray images) {
        NDArray weights = images.getManager().create(new float[]{0.299f, 0.587f, 0.114f}, new Shape(1, 3, 1, 1));
        return images.mul(weights).sum(new int[]{1}, true);
    }

    /**
     * The colour term's target ({@link SlicedWasserstein}): random directions, and pixels of the style
     * crops of recent steps (the {@link StylePalette}), not of this batch's two crops alone. Drawn once a
     * step, outside the pass, so that a recomputed pass computes the same loss.
     */
    private ColourTarget colourTarget(float[] style, int count, int plane) {
        Random random = new Random(plan.seed() * 31 + step);
        palette.add(style, count, plane, random);
        return new ColourTarget(SlicedWasserstein.directions(random), palette.sample(count * plane, random));
    }

    private record ColourTarget(float[] directions, float[] pixels) {
    }

    private static NDArray gram(NDArray features) {
        Shape shape = features.getShape();
        long c = shape.get(1);
        long hw = shape.get(2) * shape.get(3);
        NDArray flat = features.reshape(shape.get(0), c, hw);
        return flat.matMul(flat.transpose(0, 2, 1)).div(c * hw);
    }

    /** Half the time an older fake replaces the newest (per image), as in image-pool GAN training. */
    private float[] fromPool(float[] fakes) {
        if (plan.poolSize() == 0) {
            return fakes;
        }
        int image = fakes.length / plan.batchSize();
        Random random = new Random(plan.seed() * 7919 + step);
        float[] mixed = fakes.clone();
        for (int b = 0; b < plan.batchSize(); b++) {
            float[] fresh = new float[image];
            System.arraycopy(fakes, b * image, fresh, 0, image);
            if (pool.size() < plan.poolSize()) {
                pool.add(fresh);
            } else if (random.nextBoolean()) {
                int slot = random.nextInt(pool.size());
                System.arraycopy(pool.get(slot), 0, mixed, b * image, image);
                pool.set(slot, fresh);
            }
        }
        return mixed;
    }

    private NDResource[] owned() {
        return Stream.of(generator.parameters().all().values().stream(),
                        averaged.parameters().all().values().stream(),
                        discriminator.parameters().all().values().stream(),
                        Stream.of(generatorOptimizer.state()), Stream.of(discriminatorOptimizer.state()))
                .flatMap(s -> s).toArray(NDResource[]::new);
    }

    private static void copy(Parameters from, Parameters to) {
        to.all().forEach((name, array) -> array.set(from.get(name).toFloatArray()));
        from.all().values().forEach(NDArray::close);
    }
}
