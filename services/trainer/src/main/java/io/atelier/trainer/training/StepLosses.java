package io.atelier.trainer.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Losses of one step.
 *
 * @param discriminator least-squares discriminator loss
 * @param adversarial   the generator's adversarial loss
 * @param style         mean squared distance of G(x) to the style crops
 * @param content       mean squared distance of G(x) to the content crops, in RGB or in luminance
 *                      (see {@link io.atelier.trainer.TrainingPlan#lumaContent()})
 * @param texture       Gram-matrix distance on discriminator features (0 when switched off)
 * @param colour        sliced Wasserstein distance of the colours of G(x) to those of recent style
 *                      crops (0 when switched off)
 * @param edge          distance of the luminance edges of G(x) to those of x (0 when switched off)
 * @param generator     the generator's whole objective
 */
public record StepLosses(double discriminator, double adversarial, double style, double content, double texture,
                         double colour, double edge, double generator) {

    public boolean finite() {
        return Double.isFinite(discriminator) && Double.isFinite(adversarial) && Double.isFinite(style)
                && Double.isFinite(content) && Double.isFinite(texture) && Double.isFinite(colour)
                && Double.isFinite(edge) && Double.isFinite(generator);
    }

    public Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("discriminator", discriminator);
        map.put("adversarial", adversarial);
        map.put("style", style);
        map.put("content", content);
        map.put("texture", texture);
        map.put("colour", colour);
        map.put("edge", edge);
        map.put("generator", generator);
        return map;
    }
}
