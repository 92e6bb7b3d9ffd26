package io.atelier.trainer;

import io.atelier.schemas.events.TrainingParameters;
import io.atelier.schemas.training.TrainingProfile;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A request's parameters and the builder change only the settings they name, and the manifest written
 * beside every model lists every setting, so a model can be traced to the plan that made it.
 */
class TrainingPlanTest {

    @Test
    void aRequestOverridesOnlyWhatItSets() {
        TrainingPlan quick = TrainingPlan.quick();
        TrainingPlan requested = quick.with(new TrainingParameters(100, 64, null, 0.4, null, null, null, null, 1e-3,
                7L));

        assertThat(requested).isEqualTo(quick.toBuilder().steps(100).cropSize(64).alpha(0.4).learningRate(1e-3)
                .seed(7).build());
        assertThat(quick.with(null)).isSameAs(quick);
        assertThat(quick.with(new TrainingParameters(null, null, null, null, null, null, null, null, null, null)))
                .isEqualTo(quick);
    }

    @Test
    void theBuilderKeepsEverySettingItIsNotTold() {
        for (TrainingProfile profile : TrainingProfile.values()) {
            TrainingPlan plan = TrainingPlan.of(profile);
            assertThat(plan.toBuilder().build()).isEqualTo(plan);
        }
        TrainingPlan extended = TrainingPlan.extended();
        TrainingPlan changed = extended.toBuilder().colourWeight(0).build();
        assertThat(changed.colourWeight()).isZero();
        assertThat(changed.toBuilder().colourWeight(extended.colourWeight()).build()).isEqualTo(extended);
    }

    @Test
    void eachSetterSetsItsOwnSetting() {
        TrainingPlan set = TrainingPlan.tiny().toBuilder().steps(9).cropSize(40).batchSize(3).alpha(0.25)
                .lambda(11).lumaContent(true).textureWeight(2).colourWeight(3).edgeWeight(4).edgePool(5)
                .generatorWidth(6).residualBlocks(2).discriminatorWidth(12).learningRate(1e-4).keepRateScale(7)
                .poolSize(8).seed(99).build();

        assertThat(set).isEqualTo(new TrainingPlan(9, 40, 3, 0.25, 11, true, 2, 3, 4, 5, 6, 2, 12, 1e-4, 7, 8, 99));
    }

    @Test
    void theDescriptionNamesEverySettingWithItsValue() {
        TrainingPlan plan = TrainingPlan.extended();

        assertThat(plan.describe()).containsOnlyKeys(Arrays.stream(TrainingPlan.class.getRecordComponents())
                .map(RecordComponent::getName).toArray(String[]::new));
        assertThat(plan.describe()).containsEntry("steps", Integer.toString(plan.steps()))
                .containsEntry("lumaContent", "true")
                .containsEntry("colourWeight", Double.toString(plan.colourWeight()))
                .containsEntry("edgePool", Integer.toString(plan.edgePool()))
                .containsEntry("seed", Long.toString(plan.seed()));
    }

    @Test
    void aPlanThatCannotTrainIsRefusedWithTheRule() {
        TrainingPlan.Builder quick = TrainingPlan.quick().toBuilder();

        assertThatThrownBy(() -> quick.edgePool(5).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("divide cropSize 96");
        assertThatThrownBy(() -> TrainingPlan.quick().toBuilder().cropSize(30).build())
                .hasMessageContaining("multiple of 4");
        assertThatThrownBy(() -> TrainingPlan.quick().toBuilder().alpha(1.5).build())
                .hasMessageContaining("alpha must be in [0, 1]");
    }
}
