package io.atelier.inference.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.atelier.generator.GeneratorRuntime;

import java.nio.FloatBuffer;

/**
 * One generator version with its open ONNX Runtime session. Closed only by {@link GeneratorSessions},
 * which owns it.
 *
 * @param style   style name
 * @param version model version
 * @param session the open session
 */
public record LoadedGenerator(String style, String version, OrtSession session) {

    /**
     * Runs a batch of images ({@code batch} x 3 x height x width, NCHW) from the start of {@code input}
     * into the start of {@code output} (see {@link GeneratorRuntime#tensorBuffer}).
     */
    public void run(OrtEnvironment env, FloatBuffer input, FloatBuffer output, int batch, int height, int width)
            throws OrtException {
        GeneratorRuntime.run(env, session, input, output, batch, height, width);
    }
}
