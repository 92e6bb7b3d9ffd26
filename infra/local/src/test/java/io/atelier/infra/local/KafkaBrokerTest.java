package io.atelier.infra.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaBrokerTest {

    @Test
    void formatsStorageEvenWhenTheClusterIdStartsWithADash(@TempDir Path home) throws Exception {
        KafkaBroker broker = new KafkaBroker(LocalStackConfig.onFreePorts(home));

        broker.formatStorage(RuntimeClasspath.KAFKA.classpath(), broker.writeConfig(), "-tIhJBnVQ0eE4LdK2SpK0g");

        assertThat(Files.readString(home.resolve("kafka/data/meta.properties")))
                .contains("cluster.id=-tIhJBnVQ0eE4LdK2SpK0g");
    }

    @Test
    void clusterIdsAreSixteenBytesOfUrlSafeBase64() {
        for (int i = 0; i < 100; i++) {
            assertThat(java.util.Base64.getUrlDecoder().decode(KafkaBroker.clusterId())).hasSize(16);
        }
    }
}
