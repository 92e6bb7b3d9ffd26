package io.atelier.load.report;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Draws a run over time: above, jobs sent and completed per second; below, the p50 and p99 of the
 * end-to-end latency of the jobs completed in each window.
 */
public final class SummaryChart {

    static final int WIDTH = Plot.WIDTH;
    static final int HEIGHT = Plot.HEIGHT;
    private static final Color SENT = new Color(0x9e9e9e);
    private static final Color COMPLETED = new Color(0x1f77b4);
    private static final Color P50 = new Color(0x2ca02c);
    private static final Color P99 = new Color(0xd62728);

    private SummaryChart() {
    }

    public static void write(RunSummary summary, Path png) throws IOException {
        ImageIO.write(draw(summary), "png", png.toFile());
    }

    public static BufferedImage draw(RunSummary s) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Plot.canvas(image, s.title(), "seconds since start");
        try {
            List<Window> windows = s.windows();
            double span = windows.isEmpty() ? 1
                    : windows.get(windows.size() - 1).startSeconds() + windows.get(windows.size() - 1).seconds();
            Plot top = new Plot(50, 250, span, Plot.niceMax(max(windows, w -> Math.max(w.sentPerSecond(),
                    w.completedPerSecond()))), "jobs/s");
            Plot bottom = new Plot(330, 540, span, Plot.niceMax(max(windows,
                    w -> w.completed() == 0 ? 0 : w.latency().p99())), s.endToEnd() + " (ms)");
            top.axes(g);
            bottom.axes(g);
            for (Window w : windows) {
                top.bar(g, w.startSeconds(), w.startSeconds() + w.seconds(), w.completedPerSecond(), COMPLETED);
            }
            double[] middles = windows.stream().mapToDouble(w -> w.startSeconds() + w.seconds() / 2).toArray();
            top.line(g, middles, values(windows, Window::sentPerSecond), SENT);
            bottom.line(g, middles, values(windows, w -> w.completed() == 0 ? Double.NaN : w.latency().p50()), P50);
            bottom.line(g, middles, values(windows, w -> w.completed() == 0 ? Double.NaN : w.latency().p99()), P99);
            Plot.legend(g, Plot.LEFT + 10, 66, new String[]{"sent/s", "completed/s"}, new Color[]{SENT, COMPLETED});
            Plot.legend(g, Plot.LEFT + 10, 346, new String[]{"p50", "p99"}, new Color[]{P50, P99});
        } finally {
            g.dispose();
        }
        return image;
    }

    private static double[] values(List<Window> windows, ToDoubleFunction<Window> value) {
        return windows.stream().mapToDouble(value).toArray();
    }

    private static double max(List<Window> windows, ToDoubleFunction<Window> value) {
        return windows.stream().mapToDouble(value).max().orElse(0);
    }
}
