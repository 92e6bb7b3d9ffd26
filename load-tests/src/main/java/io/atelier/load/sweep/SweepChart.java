package io.atelier.load.sweep;

import io.atelier.load.report.Plot;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The whole sweep in one picture, against the offered rate: above, what the fleet completed and what
 * it refused (429/503) per second beside the offered rate itself; below, the end-to-end p50/p95/p99.
 * The knee is where completed leaves the diagonal and p99 turns up.
 */
public final class SweepChart {

    static final Color OFFERED = new Color(0x9e9e9e);
    static final Color COMPLETED = new Color(0x1f77b4);
    static final Color REFUSED = new Color(0xff7f0e);
    static final Color P50 = new Color(0x2ca02c);
    static final Color P95 = new Color(0x9467bd);
    static final Color P99 = new Color(0xd62728);

    private SweepChart() {
    }

    public static void write(Sweep.Result result, Path png) throws IOException {
        ImageIO.write(draw(result), "png", png.toFile());
    }

    public static BufferedImage draw(Sweep.Result result) {
        List<Sweep.Step> steps = result.steps().stream().sorted(Comparator.comparingDouble(Sweep.Step::rate)).toList();
        BufferedImage image = new BufferedImage(Plot.WIDTH, Plot.HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Plot.canvas(image, "Saturation sweep (highest bounded rate "
                + String.format(java.util.Locale.ROOT, "%.2f", result.highestBounded()) + " jobs/s)", "offered rate (jobs/s)");
        try {
            double xMax = Plot.niceMax(max(steps, Sweep.Step::rate) * 1.05);
            double[] rates = values(steps, Sweep.Step::rate);
            Plot top = new Plot(50, 250, xMax, Plot.niceMax(Math.max(max(steps, Sweep.Step::rate),
                    max(steps, s -> s.summary().throughput()))), "jobs/s");
            Plot bottom = new Plot(330, 540, xMax, Plot.niceMax(max(steps, s -> s.endToEnd().p99())),
                    "end-to-end latency (ms)");
            top.axes(g);
            bottom.axes(g);
            top.line(g, rates, rates, OFFERED);
            top.line(g, rates, values(steps, SweepChart::refusedPerSecond), REFUSED);
            top.line(g, rates, values(steps, s -> s.summary().throughput()), COMPLETED);
            bottom.line(g, rates, values(steps, s -> s.endToEnd().p50()), P50);
            bottom.line(g, rates, values(steps, s -> s.endToEnd().p95()), P95);
            bottom.line(g, rates, values(steps, s -> s.endToEnd().p99()), P99);
            Plot.legend(g, 90, 66, new String[]{"offered", "completed", "refused"},
                    new Color[]{OFFERED, COMPLETED, REFUSED});
            Plot.legend(g, 90, 346, new String[]{"p50", "p95", "p99"}, new Color[]{P50, P95, P99});
        } finally {
            g.dispose();
        }
        return image;
    }

    /** The step's 429s and 503s, as a rate: its share of what was sent, times the offered rate. */
    static double refusedPerSecond(Sweep.Step step) {
        long sent = step.summary().sent();
        return sent == 0 ? 0 : step.rate() * (step.count("429") + step.count("503")) / sent;
    }

    private static double[] values(List<Sweep.Step> steps, ToDoubleFunction<Sweep.Step> value) {
        return steps.stream().mapToDouble(value).toArray();
    }

    private static double max(List<Sweep.Step> steps, ToDoubleFunction<Sweep.Step> value) {
        return steps.stream().mapToDouble(value).max().orElse(0);
    }
}
