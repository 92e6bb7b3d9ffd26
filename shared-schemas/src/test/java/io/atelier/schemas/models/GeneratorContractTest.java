package io.atelier.schemas.models;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class GeneratorContractTest {

    /** The contract's rounding: Math.round of the scaled value, clamped to 0..255. */
    private static int reference(float value) {
        return Math.max(0, Math.min(255, Math.round((value + 1f) * 127.5f)));
    }

    @Test
    void outputValuesMapToChannelsExactlyAsMathRoundClampedWould() {
        Random random = new Random(7);
        for (int i = 0; i < 2_000_000; i++) {
            float value = random.nextFloat() * 2.4f - 1.2f;
            assertThat(GeneratorContract.fromModel(value)).as("%s", value).isEqualTo(reference(value));
        }
        for (int channel = 0; channel <= 255; channel++) {
            float tie = (channel + 0.5f) / 127.5f - 1f;
            for (float value : new float[]{tie, Math.nextDown(tie), Math.nextUp(tie), GeneratorContract.toModel(channel)}) {
                assertThat(GeneratorContract.fromModel(value)).as("%s", value).isEqualTo(reference(value));
            }
            assertThat(GeneratorContract.fromModel(GeneratorContract.toModel(channel))).isEqualTo(channel);
        }
        for (float value : new float[]{Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -1f, 1f,
                -Float.MAX_VALUE, Float.MAX_VALUE, -0f}) {
            assertThat(GeneratorContract.fromModel(value)).as("%s", value).isEqualTo(reference(value));
        }
    }
}
