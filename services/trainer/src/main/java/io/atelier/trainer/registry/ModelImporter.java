package io.atelier.trainer.registry;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.atelier.generator.GeneratorRuntime;
import io.atelier.schemas.events.ModelPublished;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Registers generators trained elsewhere (a PyTorch export, say). A file becomes a version only after
 * ONNX Runtime has parsed it, found the contract's input and output, and run a probe batch through
 * it, so that a broken or non-conforming upload never reaches the registry or a job.
 */
@ApplicationScoped
public class ModelImporter {

    /** The file is no generator that keeps the contract; the message says what is wrong. */
    public static final class InvalidModelException extends Exception {
        InvalidModelException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final ModelPublisher registry;

    public ModelImporter(ModelPublisher registry) {
        this.registry = registry;
    }

    /**
     * Checks the model, stores it as the style's next immutable version with a manifest that has no
     * run and names its source and with its evaluation (structure and border only: an import has no
     * style image), moves the current pointer to it unless the quality gate holds it back, and returns
     * the event to announce.
     *
     * @param metadata what the uploader says about the model (its source, say); kept in the manifest
     */
    public ModelPublished register(String style, byte[] onnx, Map<String, String> metadata)
            throws InvalidModelException {
        check(onnx);
        Map<String, String> configuration = new LinkedHashMap<>(metadata);
        configuration.putIfAbsent("source", "import");
        return registry.publish(style, version -> onnx, null, null, configuration, Map.of(), null, null);
    }

    private static void check(byte[] onnx) throws InvalidModelException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = env.createSession(onnx, options)) {
            GeneratorRuntime.checkContract(session);
            GeneratorRuntime.probe(env, session);
        } catch (OrtException | RuntimeException e) {
            throw new InvalidModelException(e.getMessage(), e);
        }
    }
}
