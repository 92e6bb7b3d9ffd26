package io.atelier.trainer.training;

/**
 * A training run's full state after {@code step} steps, as opaque bytes per part.
 *
 * @param step                   steps done
 * @param generator              generator parameters
 * @param discriminator          discriminator parameters
 * @param generatorOptimizer     the generator's Adam state
 * @param discriminatorOptimizer the discriminator's Adam state
 * @param averagedGenerator      the running average of the generator's parameters; null in checkpoints
 *                               written before the trainer kept one
 */
public record Checkpoint(long step, byte[] generator, byte[] discriminator, byte[] generatorOptimizer,
                         byte[] discriminatorOptimizer, byte[] averagedGenerator) {
}
