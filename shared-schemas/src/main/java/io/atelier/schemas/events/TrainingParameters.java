package io.atelier.schemas.events;

/**
 * Explicit training parameters; each absent field takes the profile's value.
 *
 * @param steps          generator steps
 * @param cropSize       square crop side in pixels
 * @param batchSize      crops per step
 * @param alpha          weight of the style term against the content term in the pixel loss
 * @param lambda         weight of the pixel loss against the adversarial loss
 * @param textureWeight  weight of the texture (Gram) term; 0 switches it off
 * @param generatorWidth channels of the generator's first layer
 * @param residualBlocks residual blocks in the generator
 * @param learningRate   Adam learning rate
 * @param seed           seed for weights, crops and flips, so a run can be repeated
 */
public record TrainingParameters(Integer steps, Integer cropSize, Integer batchSize, Double alpha, Double lambda,
                                 Double textureWeight, Integer generatorWidth, Integer residualBlocks,
                                 Double learningRate, Long seed) {
}
