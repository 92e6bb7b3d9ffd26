package io.atelier.load.report;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Draws a run over time with Java2D: above, jobs sent and completed per second; below, the p50 and
 * p99 of the end-to-end latency of the jobs completed in each window.
 */
public final class SummaryChart {

    static final int WIDTH = 960;
    static final int HEIGHT = 600;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
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
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(s.title(), LEFT, 24);
            List<Window> windows = s.windows();
            double span = windows.isEmpty() ? 1
                    : windows.get(windows.size() - 1).startSeconds() + windows.get(windows.size() - 1).seconds();
            Panel top = new Panel(50, 250, span, niceMax(max(windows, w -> Math.max(w.sentPerSecond(),
                    w.completedPerSecond()))), "jobs/s");
            Panel bottom = new Panel(330, 540, span, niceMax(max(windows,
                    w -> w.completed() == 0 ? 0 : w.latency().p99())), s.endToEnd() + " (ms)");
            top.axes(g);
            bottom.axes(g);
            for (Window w : windows) {
                int x0 = top.x(w.startSeconds());
                int x1 = top.x(w.startSeconds() + w.seconds());
                int y = top.y(w.completedPerSecond());
                g.setColor(COMPLETED);
                g.fillRect(x0 + 1, y, Math.max(1, x1 - x0 - 2), top.bottom - y);
            }
            top.line(g, windows, Window::sentPerSecond, SENT, false);
            bottom.line(g, windows, w -> w.latency().p50(), P50, true);
            bottom.line(g, windows, w -> w.latency().p99(), P99, true);
            legend(g, LEFT + 10, 66, new String[]{"sent/s", "completed/s"}, new Color[]{SENT, COMPLETED});
            legend(g, LEFT + 10, 346, new String[]{"p50", "p99"}, new Color[]{P50, P99});
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString("seconds since start", WIDTH / 2 - 50, HEIGHT - 22);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static double max(List<Window> windows, ToDoubleFunction<Window> value) {
        return windows.stream().mapToDouble(value).max().orElse(0);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code value} (1 for nothing). */
    static double niceMax(double value) {
        if (!(value > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[]{1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static void legend(Graphics2D g, int x, int y, String[] names, Color[] colors) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < names.length; i++) {
            g.setColor(colors[i]);
            g.fillRect(x + i * 120, y - 9, 14, 10);
            g.setColor(Color.BLACK);
            g.drawString(names[i], x + i * 120 + 20, y);
        }
    }

    /** A plot area: time across, one quantity up. */
    private static final class Panel {
        final int top;
        final int bottom;
        final double span;
        final double yMax;
        final String label;

        Panel(int top, int bottom, double span, double yMax, String label) {
            this.top = top;
            this.bottom = bottom;
            this.span = span;
            this.yMax = yMax;
            this.label = label;
        }

        int x(double seconds) {
            return LEFT + (int) Math.round(seconds / span * (WIDTH - LEFT - RIGHT));
        }

        int y(double value) {
            return bottom - (int) Math.round(Math.min(value, yMax) / yMax * (bottom - top));
        }

        void axes(Graphics2D g) {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            for (int i = 0; i <= 4; i++) {
                double v = yMax * i / 4;
                int y = y(v);
                g.setColor(new Color(0xe0e0e0));
                g.drawLine(LEFT, y, WIDTH - RIGHT, y);
                g.setColor(Color.DARK_GRAY);
                g.drawString(String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.0f", v), 8, y + 4);
            }
            double step = niceMax(span / 10);
            for (double t = 0; t <= span + 1e-9; t += step) {
                g.drawString(String.format(Locale.ROOT, "%.0f", t), x(t) - 6, bottom + 15);
            }
            g.setColor(Color.BLACK);
            g.drawLine(LEFT, bottom, WIDTH - RIGHT, bottom);
            g.drawLine(LEFT, top, LEFT, bottom);
            g.drawString(label, LEFT + 4, top - 4);
        }

        /** A line through the windows' middles; {@code skipEmpty} leaves out windows with no completion. */
        void line(Graphics2D g, List<Window> windows, ToDoubleFunction<Window> value, Color color, boolean skipEmpty) {
            Path2D.Double path = new Path2D.Double();
            boolean started = false;
            g.setColor(color);
            g.setStroke(new BasicStroke(2f));
            for (Window w : windows) {
                if (skipEmpty && w.completed() == 0) {
                    started = false;
                    continue;
                }
                double px = x(w.startSeconds() + w.seconds() / 2);
                double py = y(value.applyAsDouble(w));
                if (started) {
                    path.lineTo(px, py);
                } else {
                    path.moveTo(px, py);
                    started = true;
                }
                g.fillOval((int) px - 3, (int) py - 3, 6, 6);
            }
            g.draw(path);
            g.setStroke(new BasicStroke(1f));
        }
    }
}
