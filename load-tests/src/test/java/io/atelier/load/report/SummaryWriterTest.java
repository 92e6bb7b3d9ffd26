package io.atelier.load.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

public class SummaryWriterTest {

    @TempDir
    Path folder;

    private static RunSummary summary() {
        return RunSummary.of(RunSummaryTest.syntheticRun(), "Synthetic run", "./atelier load http --rate 2",
                Map.of("style", "starry-night"), "sent", "accepted", "done", "e2e", List.of("a note"));
    }

    @Test
    void writesMarkdownJsonAndChart() throws Exception {
        RunSummary summary = summary();
        Path md = SummaryWriter.write(summary, folder);

        String text = Files.readString(md);
        assertThat(text).startsWith("# Synthetic run")
                .contains("./atelier load http --rate 2")
                .contains("| style | starry-night |")
                .contains("| 429 | 0 |")
                .contains("| e2e | 20 | 600.") // HdrHistogram reports the top of a value's bucket: 600.1
                .contains("| 3000.3 | 3000.3 | 3000.3 |")
                .contains("| 1.00 | 2.00 | 2.00 | 400.1 | 600.1 |")
                .contains("- a note")
                .contains("![throughput and e2e p50/p99 over time](summary.png)");

        assertThat(SummaryWriter.read(folder.resolve("summary.json"))).isEqualTo(summary);

        BufferedImage png = ImageIO.read(folder.resolve("summary.png").toFile());
        assertThat(png.getWidth()).isEqualTo(SummaryChart.WIDTH);
        assertThat(png.getHeight()).isEqualTo(SummaryChart.HEIGHT);
    }

    @Test
    void chartDrawsThroughputBarsAndBothPercentileLines() {
        BufferedImage image = SummaryChart.draw(summary());
        assertThat(count(image, 0x1f77b4, 0, 260)).as("completed/s bars").isGreaterThan(500);
        assertThat(count(image, 0x2ca02c, 340, 545)).as("p50 line").isGreaterThan(100);
        assertThat(count(image, 0xd62728, 340, 545)).as("p99 line").isGreaterThan(100);
    }

    @Test
    void niceAxisMaxima() {
        assertThat(Plot.niceMax(0)).isEqualTo(1);
        assertThat(Plot.niceMax(3.2)).isEqualTo(5);
        assertThat(Plot.niceMax(1200)).isEqualTo(2000);
        assertThat(Plot.niceMax(10)).isEqualTo(10);
    }

    @Test
    void numbersKeepTwoDecimalsBelowTen() {
        assertThat(SummaryWriter.fmt(1.234)).isEqualTo("1.23");
        assertThat(SummaryWriter.fmt(1234.56)).isEqualTo("1234.6");
    }

    /** Pixels of exactly that colour between two rows; the other charts' tests use it too. */
    public static int count(BufferedImage image, int rgb, int fromY, int toY) {
        int n = 0;
        for (int y = fromY; y < toY; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}
