package io.atelier.trainer;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled samples are what their record says: every image is listed in {@code SHA256SUMS} with
 * its hash (so its row in the licence table is about this very file), and the held-out photos are
 * not among the training photos, or the quality test would judge the model on what it trained on.
 */
class SamplesTest {

    @Test
    void everyImageIsListedWithItsHashAndNoHeldOutPhotoIsATrainingPhoto() throws Exception {
        Map<String, String> listed = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Samples.ROOT.resolve("SHA256SUMS"))) {
            listed.put(line.substring(66), line.substring(0, 64));
        }
        Map<String, String> actual = new LinkedHashMap<>();
        for (Path folder : List.of(Samples.CONTENT, Samples.HOLDOUT, Samples.STYLES)) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.sorted().toList()) {
                    actual.put(Samples.ROOT.relativize(file).toString(), sha256(file));
                }
            }
        }

        assertThat(actual).isEqualTo(listed);
        assertThat(Samples.files(Samples.HOLDOUT)).hasSizeBetween(4, 6);
        List<String> training = Samples.files(Samples.CONTENT).stream().map(SamplesTest::sha256).toList();
        assertThat(Samples.files(Samples.HOLDOUT)).allSatisfy(p -> {
            assertThat(Samples.CONTENT.resolve(p.getFileName())).doesNotExist();
            assertThat(training).doesNotContain(sha256(p));
        });
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
