package io.atelier.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.atelier.generator.Initialisation;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named trainable arrays of one network, in a fixed order, with a plain binary form for checkpoints
 * (name, shape and little-endian-free {@link DataOutputStream} floats per entry). The arrays live in
 * the manager given at creation, which owns them.
 */
public final class Parameters {

    private static final int FORMAT = 1;

    private final Map<String, NDArray> arrays;

    private Parameters(Map<String, NDArray> arrays) {
        this.arrays = Collections.unmodifiableMap(arrays);
    }

    /** {@link Initialisation#heNormal} values from a seed. */
    public static Parameters initialise(NDManager manager, Map<String, long[]> shapes, long seed) {
        return of(manager, shapes, Initialisation.heNormal(shapes, seed));
    }

    /** Arrays from given values, in the given order. */
    public static Parameters of(NDManager manager, Map<String, long[]> shapes, Map<String, float[]> values) {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        shapes.forEach((name, shape) -> {
            float[] v = values.get(name);
            if (v == null || v.length != new Shape(shape).size()) {
                throw new IllegalArgumentException("parameter " + name + " is missing or mis-shaped");
            }
            arrays.put(name, trainable(manager.create(v, new Shape(shape))));
        });
        return new Parameters(arrays);
    }

    public NDArray get(String name) {
        NDArray array = arrays.get(name);
        if (array == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return array;
    }

    public Map<String, NDArray> all() {
        return arrays;
    }

    /** Current values, copied out of the engine. */
    public Map<String, float[]> values() {
        Map<String, float[]> values = new LinkedHashMap<>();
        arrays.forEach((name, array) -> values.put(name, array.toFloatArray()));
        return values;
    }

    public byte[] serialise() {
        return write(values(), arrays);
    }

    /** Reads values written by {@link #serialise()}, checking names and shapes against {@code shapes}. */
    public static Parameters deserialise(NDManager manager, Map<String, long[]> shapes, byte[] bytes) {
        return of(manager, shapes, read(bytes));
    }

    static byte[] write(Map<String, float[]> values, Map<String, NDArray> shapes) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeInt(values.size());
            for (Map.Entry<String, float[]> entry : values.entrySet()) {
                out.writeUTF(entry.getKey());
                long[] shape = shapes.get(entry.getKey()).getShape().getShape();
                out.writeInt(shape.length);
                for (long d : shape) {
                    out.writeLong(d);
                }
                out.writeInt(entry.getValue().length);
                for (float v : entry.getValue()) {
                    out.writeFloat(v);
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, float[]> read(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown parameter format " + format);
            }
            int count = in.readInt();
            Map<String, float[]> values = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                int rank = in.readInt();
                for (int d = 0; d < rank; d++) {
                    in.readLong();
                }
                float[] v = new float[in.readInt()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = in.readFloat();
                }
                values.put(name, v);
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt parameter file", e);
        }
    }

    private static NDArray trainable(NDArray array) {
        array.setRequiresGradient(true);
        return array;
    }
}
