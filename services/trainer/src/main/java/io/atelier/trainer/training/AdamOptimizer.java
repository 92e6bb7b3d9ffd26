package io.atelier.trainer.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.atelier.trainer.model.Parameters;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam with its state in the open, so that checkpoints can carry it (DJL's own keeps it private).
 * Updates parameters in place from their gradients, each element clipped to [-1, 1] so that one
 * wild batch cannot throw the moments off, and then clears the gradients. A parameter can have its
 * own multiple of the learning rate: Adam moves every weight by about the rate a step, whatever its
 * gradient, so a weight that must travel far in few steps needs a larger one.
 */
public final class AdamOptimizer {

    private static final NDIndex ALL = new NDIndex("...");

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private final Map<String, Float> rateScales;
    private long updates;
    private long recomputedPasses;
    private List<String> notFinite = List.of();

    public AdamOptimizer(NDManager manager, Parameters parameters, double beta1, double beta2) {
        this(manager, parameters, beta1, beta2, Map.of());
    }

    /** With {@code rateScales}: parameter name to its multiple of the learning rate (1 if absent). */
    public AdamOptimizer(NDManager manager, Parameters parameters, double beta1, double beta2,
                         Map<String, Float> rateScales) {
        if (!parameters.all().keySet().containsAll(rateScales.keySet())) {
            throw new IllegalArgumentException("learning-rate scales for unknown parameters: " + rateScales.keySet());
        }
        this.rateScales = Map.copyOf(rateScales);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = 1e-8;
        parameters.all().forEach((name, array) -> {
            firstMoments.put(name, manager.zeros(array.getShape()));
            secondMoments.put(name, manager.zeros(array.getShape()));
        });
    }

    /**
     * {@link #step(Parameters, double)}, and where a gradient was not finite, {@code pass} once more
     * (it must compute the same gradients again) and a second try. PyTorch 2.7.1's CPU convolution now
     * and then gives a non-finite gradient from finite inputs, in a different layer each time, and the
     * same pass again does not (BENCHMARKS.md): so the step is not lost, and a run does not depend on it.
     */
    public boolean step(Parameters parameters, double learningRate, Runnable pass) {
        if (step(parameters, learningRate)) {
            return true;
        }
        recomputedPasses++;
        pass.run();
        return step(parameters, learningRate);
    }

    /** Passes run a second time by {@link #step(Parameters, double, Runnable)}. */
    public long recomputedPasses() {
        return recomputedPasses;
    }

    /**
     * Applies one update with the given learning rate, unless a gradient is not finite: then the
     * gradients are dropped and false returned. Call inside a scope that owns temporaries.
     */
    public boolean step(Parameters parameters, double learningRate) {
        List<String> rejected = notFiniteGradients(parameters);
        if (!rejected.isEmpty()) {
            notFinite = List.copyOf(rejected);
            discard(parameters);
            return false;
        }
        updates++;
        double correction1 = 1 - Math.pow(beta1, updates);
        double correction2 = 1 - Math.pow(beta2, updates);
        float stepSize = (float) (learningRate * Math.sqrt(correction2) / correction1);
        parameters.all().forEach((name, weight) -> {
            NDArray gradient = weight.getGradient();
            NDArray clipped = gradient.clip(-1f, 1f);
            NDArray m = firstMoments.get(name);
            NDArray v = secondMoments.get(name);
            m.muli((float) beta1).addi(clipped.mul((float) (1 - beta1)));
            v.muli((float) beta2).addi(clipped.square().muli((float) (1 - beta2)));
            weight.subi(m.div(v.sqrt().addi((float) epsilon)).muli(stepSize * rateScales.getOrDefault(name, 1f)));
            zero(gradient);
        });
        return true;
    }

    /**
     * The parameters whose gradient was not finite at the last step this optimiser refused, each with
     * its absolute sum (NaN or Infinity), so that a log can say where a skipped step went wrong.
     */
    public List<String> notFinite() {
        return notFinite;
    }

    /** The parameters whose gradient is not finite now, each with its absolute sum (NaN or Infinity). */
    public static List<String> notFiniteGradients(Parameters parameters) {
        List<String> found = new ArrayList<>();
        parameters.all().forEach((name, weight) -> {
            float sum = weight.getGradient().abs().sum().getFloat();
            if (!Float.isFinite(sum)) {
                found.add(name + "=" + sum);
            }
        });
        return found;
    }

    /** Drops the gradients without an update, for a step whose loss was not finite. */
    public static void discard(Parameters parameters) {
        parameters.all().values().forEach(weight -> zero(weight.getGradient()));
    }

    /**
     * Overwrites rather than subtracts: NaN - NaN is NaN, and PyTorch adds each backward pass to the
     * buffer, so one non-finite gradient cleared by subtraction would skip every later step too.
     */
    private static void zero(NDArray gradient) {
        gradient.set(ALL, 0f);
    }

    /** The arrays this optimiser owns, to scope temporaries around them. */
    public NDArray[] state() {
        NDArray[] state = new NDArray[firstMoments.size() * 2];
        int i = 0;
        for (String name : firstMoments.keySet()) {
            state[i++] = firstMoments.get(name);
            state[i++] = secondMoments.get(name);
        }
        return state;
    }

    public byte[] serialise() {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(updates);
            out.writeInt(firstMoments.size());
            for (String name : firstMoments.keySet()) {
                out.writeUTF(name);
                write(out, firstMoments.get(name).toFloatArray());
                write(out, secondMoments.get(name).toFloatArray());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Restores state written by {@link #serialise()} for the same parameters. */
    public void restore(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            updates = in.readLong();
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                if (!firstMoments.containsKey(name)) {
                    throw new IllegalArgumentException("optimiser state names unknown parameter " + name);
                }
                firstMoments.get(name).set(read(in));
                secondMoments.get(name).set(read(in));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt optimiser state", e);
        }
    }

    private static void write(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float value : values) {
            out.writeFloat(value);
        }
    }

    private static float[] read(DataInputStream in) throws IOException {
        float[] values = new float[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }
}
