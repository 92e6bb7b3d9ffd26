package io.atelier.trainer.config;

import ai.djl.Device;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Device choice without a GPU at hand: the selection for each count of visible GPUs, and its parsing. */
class DeviceChoiceTest {

    @Test
    void autoTakesTheGpuOnlyWhenTheEngineSeesOne() {
        assertThat(DeviceChoice.AUTO.select(0)).isEqualTo(Device.cpu());
        assertThat(DeviceChoice.AUTO.select(1)).isEqualTo(Device.gpu(0));
        assertThat(DeviceChoice.AUTO.select(4)).isEqualTo(Device.gpu(0));
    }

    @Test
    void cpuStaysOnTheCpuBesideAGpu() {
        assertThat(DeviceChoice.CPU.select(2)).isEqualTo(Device.cpu());
    }

    @Test
    void gpuWithoutOneFailsWithWhatToDo() {
        assertThat(DeviceChoice.GPU.select(1)).isEqualTo(Device.gpu(0));
        assertThatThrownBy(() -> DeviceChoice.GPU.select(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sees no CUDA GPU").hasMessageContaining("ATELIER_TRAINER_DEVICE=auto");
    }

    @Test
    void theSettingIsReadInLowerCaseAndAnUnknownOneIsRefusedAtStart() {
        assertThat(mapping("gpu").device()).isEqualTo(DeviceChoice.GPU);
        assertThat(mapping("auto").device()).isEqualTo(DeviceChoice.AUTO);
        assertThatThrownBy(() -> mapping("tpu")).hasMessageContaining("atelier.trainer.device");
    }

    private static TrainerConfig mapping(String device) {
        return new SmallRyeConfigBuilder().withMapping(TrainerConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(Map.of("atelier.trainer.device", device), "test", 100))
                .build().getConfigMapping(TrainerConfig.class);
    }
}
