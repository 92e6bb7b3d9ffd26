package io.atelier.load.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * The drawing the load charts share, in Java2D (the load tool has no charting library and needs only
 * lines, bars and axes): a white canvas with a title, and plot areas of one quantity up against one
 * across.
 */
public final class Plot {

    public static final int WIDTH = 960;
    public static final int HEIGHT = 600;
    static final int LEFT = 80;
    static final int RIGHT = 30;

    final int top;
    final int bottom;
    final double xMax;
    final double yMax;
    private final String label;

    /**
     * @param top    the area's top pixel
     * @param bottom the area's bottom pixel (the x axis)
     * @param xMax   the value at the right edge; the left edge is 0
     * @param yMax   the value at the top; larger values are drawn at the top
     * @param label  what is drawn up, written above the area
     */
    public Plot(int top, int bottom, double xMax, double yMax, String label) {
        this.top = top;
        this.bottom = bottom;
        this.xMax = xMax;
        this.yMax = yMax;
        this.label = label;
    }

    /** A white canvas of {@link #WIDTH} x {@link #HEIGHT} with the title and, at the bottom, the x axis' name. */
    public static Graphics2D canvas(BufferedImage image, String title, String xName) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, 24);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(xName, WIDTH / 2 - 50, HEIGHT - 22);
        return g;
    }

    public int x(double value) {
        return LEFT + (int) Math.round(value / xMax * (WIDTH - LEFT - RIGHT));
    }

    public int y(double value) {
        return bottom - (int) Math.round(Math.min(value, yMax) / yMax * (bottom - top));
    }

    public void axes(Graphics2D g) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i <= 4; i++) {
            double v = yMax * i / 4;
            int y = y(v);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(LEFT, y, WIDTH - RIGHT, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(number(v), 8, y + 4);
        }
        double step = niceMax(xMax / 10);
        for (double t = 0; t <= xMax + 1e-9; t += step) {
            g.drawString(number(t), x(t) - 6, bottom + 15);
        }
        g.setColor(Color.BLACK);
        g.drawLine(LEFT, bottom, WIDTH - RIGHT, bottom);
        g.drawLine(LEFT, top, LEFT, bottom);
        g.drawString(label, LEFT + 4, top - 4);
    }

    /** A bar from the x axis up to {@code value}, between {@code from} and {@code to} across. */
    public void bar(Graphics2D g, double from, double to, double value, Color color) {
        int x0 = x(from);
        int x1 = x(to);
        int y = y(value);
        g.setColor(color);
        g.fillRect(x0 + 1, y, Math.max(1, x1 - x0 - 2), bottom - y);
    }

    /** A line with a dot at each point; a NaN in {@code ys} leaves a gap. */
    public void line(Graphics2D g, double[] xs, double[] ys, Color color) {
        Path2D.Double path = new Path2D.Double();
        boolean started = false;
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        for (int i = 0; i < xs.length; i++) {
            if (Double.isNaN(ys[i])) {
                started = false;
                continue;
            }
            double px = x(xs[i]);
            double py = y(ys[i]);
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

    /** Coloured boxes with names, in a row from ({@code x}, {@code y}). */
    public static void legend(Graphics2D g, int x, int y, String[] names, Color[] colors) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < names.length; i++) {
            g.setColor(colors[i]);
            g.fillRect(x + i * 120, y - 9, 14, 10);
            g.setColor(Color.BLACK);
            g.drawString(names[i], x + i * 120 + 20, y);
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code value} (1 for nothing). */
    public static double niceMax(double value) {
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

    private static String number(double v) {
        return new java.math.BigDecimal(String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.0f", v)).stripTrailingZeros()
                .toPlainString();
    }
}
