package io.atelier.inference.processing;

import io.atelier.generator.GeneratorRuntime;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.FloatBuffer;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The input and output buffers of inference calls, kept between calls. Arrays cost every call a tensor's
 * worth of new heap three times over (the input, ONNX Runtime's copy of its output, our copy of that) and
 * a new direct buffer that only a GC frees: at 512 px 3 MiB each, humongous objects in the worker's G1
 * heap. One pair per call in progress, grown to the largest call seen; the GC frees them with the app.
 */
@ApplicationScoped
public class TensorBuffers {

    /** An input and an output buffer of at least the asked size, back to the pool when closed. */
    public final class Lease implements AutoCloseable {

        private final FloatBuffer input;
        private final FloatBuffer output;

        private Lease(int values) {
            this.input = GeneratorRuntime.tensorBuffer(values);
            this.output = GeneratorRuntime.tensorBuffer(values);
        }

        public FloatBuffer input() {
            return input;
        }

        public FloatBuffer output() {
            return output;
        }

        @Override
        public void close() {
            idle.push(this);
        }
    }

    private final Deque<Lease> idle = new ConcurrentLinkedDeque<>();

    /** A pair of buffers for {@code values} floats each, which no other caller holds until it is closed. */
    public Lease acquire(int values) {
        Lease lease = idle.poll();
        return lease != null && lease.input.capacity() >= values ? lease : new Lease(values);
    }
}
