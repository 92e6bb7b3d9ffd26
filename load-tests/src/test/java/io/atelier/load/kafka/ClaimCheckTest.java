package io.atelier.load.kafka;

import io.atelier.load.Photos;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClaimCheckTest {

    @Test
    void theStoredPngCarriesItsSizeAndDigest() throws Exception {
        Photos.Photo photo = Photos.load(Path.of("../infra/samples/content"), List.of(200)).get(0);
        ClaimCheck.Png png = ClaimCheck.Png.of(photo.jpeg());
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png.bytes()));
        assertThat(png.bytes()).startsWith(0x89, 'P', 'N', 'G');
        assertThat(png.width()).isEqualTo(decoded.getWidth());
        assertThat(png.height()).isEqualTo(decoded.getHeight());
        assertThat(Math.max(png.width(), png.height())).isEqualTo(200);
        assertThat(png.sha256()).isEqualTo(ClaimCheck.sha256(png.bytes())).hasSize(64);
    }

    @Test
    void sha256IsLowerCaseHex() {
        assertThat(ClaimCheck.sha256("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
