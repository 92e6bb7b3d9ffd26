package io.atelier.infra.local;

import io.atelier.infra.local.LocalServices.Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LocalServicesTest {

    @TempDir
    Path home;

    /** {@code ATELIER_X=... ./atelier start}, then {@code ./atelier restart ingest} from a shell without it. */
    @Test
    void aRestartKeepsTheSettingsTheStartGotFromItsShell() throws Exception {
        LocalServices services = new LocalServices(Path.of("."), home);
        Map<String, String> startShell = Map.of("ATELIER_INGEST_UPLOADS_PER_MINUTE", "100000",
                "QUARKUS_LOG_LEVEL", "DEBUG", "PATH", "/usr/bin");

        assertThat(services.keptSettings(Service.INGEST, startShell)).isEmpty();
        assertThat(services.keptSettings(Service.INGEST, Map.of())).containsExactlyInAnyOrderEntriesOf(
                Map.of("ATELIER_INGEST_UPLOADS_PER_MINUTE", "100000", "QUARKUS_LOG_LEVEL", "DEBUG"));
        assertThat(services.keptSettings(Service.TRAINER, Map.of())).as("another service's settings").isEmpty();
        assertThat(Files.getPosixFilePermissions(home.resolve("services/ingest.env")))
                .as("readable by the owner only: settings may hold keys")
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void aValueSetAtRestartWinsAndIsKeptInTurn() {
        LocalServices services = new LocalServices(Path.of("."), home);
        services.keptSettings(Service.INGEST, Map.of("ATELIER_INGEST_UPLOADS_PER_MINUTE", "100000"));

        assertThat(services.keptSettings(Service.INGEST, Map.of("ATELIER_INGEST_UPLOADS_PER_MINUTE", "5"))).isEmpty();
        assertThat(services.keptSettings(Service.INGEST, Map.of()))
                .containsExactlyEntriesOf(Map.of("ATELIER_INGEST_UPLOADS_PER_MINUTE", "5"));
    }

    /** {@code ./atelier down}: the next start begins from its own shell only. */
    @Test
    void stoppingTheFleetForgetsTheSettings() {
        LocalServices services = new LocalServices(Path.of("."), home);
        services.keptSettings(Service.INFERENCE, Map.of("ATELIER_INFERENCE_BATCH_SIZE", "8"));

        services.stopAll();

        assertThat(services.keptSettings(Service.INFERENCE, Map.of())).isEmpty();
    }
}
