package io.atelier.trainer.training;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Two things about DJL's PyTorch engine that make training work only on the thread that loaded the
 * engine, one run at a time, unless every step goes through here. PyTorch's gradient mode is per
 * thread, and the engine switches it off only on its loading thread: on any other thread the
 * optimiser's in-place updates of the weights fail ("a leaf Variable that requires grad is being
 * used in an in-place operation"). And only one {@link GradientCollector} may be open in the JVM:
 * two runs collecting at once fail ("already collecting").
 */
final class Autograd {

    private static final ReentrantLock COLLECTING = new ReentrantLock();

    private Autograd() {
    }

    /** Gradient recording off on the calling thread, as outside a collector on the engine's own thread. */
    static void offOnThisThread() {
        JniUtils.setGradMode(false);
    }

    /** Runs a forward and backward pass in a collector, waiting while another run has one open. */
    static <T> T collect(Function<GradientCollector, T> pass) {
        COLLECTING.lock();
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            return pass.apply(collector);
        } finally {
            COLLECTING.unlock();
        }
    }
}
