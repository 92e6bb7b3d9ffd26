package io.atelier.load;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PhotosTest {

    @Test
    void everySamplePhotoAtEverySizeWithSizesInterleaved() throws Exception {
        List<Photos.Photo> photos = Photos.load(Path.of("../infra/samples/content"), List.of(128, 320));
        assertThat(photos).hasSizeGreaterThanOrEqualTo(2).hasSize(photos.size() / 2 * 2);
        assertThat(photos.get(0).side()).isNotEqualTo(photos.get(1).side());
        assertThat(photos.get(1).side()).isNotEqualTo(photos.get(2).side());
        for (Photos.Photo photo : photos) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(photo.jpeg()));
            assertThat(Math.max(image.getWidth(), image.getHeight())).as(photo.name()).isEqualTo(photo.side());
        }
    }
}
