package io.atelier.trainer.training;

import io.atelier.common.image.Images;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

/** The PNGs a run leaves for people: sample grids (content next to styled) and the loss curves. */
final class Pictures {

    private static final Color[] PALETTE = {new Color(0xd62728), new Color(0x1f77b4), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b)};

    private Pictures() {
    }

    /** Rows of [content | styled] from NCHW data in [-1, 1]. */
    static byte[] sampleGrid(float[] content, float[] styled, int count, int side) {
        BufferedImage grid = new BufferedImage(2 * side, count * side, BufferedImage.TYPE_INT_RGB);
        for (int b = 0; b < count; b++) {
            draw(grid, content, b, side, 0, b * side);
            draw(grid, styled, b, side, side, b * side);
        }
        return Images.png(grid);
    }

    /** One line per loss over the steps, each scaled to its own range, with a legend. */
    static byte[] lossCurve(Map<String, List<Double>> series) {
        int width = 800;
        int height = 400;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.GRAY);
        g.drawRect(40, 20, width - 60, height - 60);
        int index = 0;
        for (Map.Entry<String, List<Double>> entry : series.entrySet()) {
            List<Double> values = entry.getValue();
            if (values.isEmpty()) {
                continue;
            }
            double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
            double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
            double span = max - min == 0 ? 1 : max - min;
            g.setColor(PALETTE[index % PALETTE.length]);
            g.setStroke(new BasicStroke(1.5f));
            for (int i = 1; i < values.size(); i++) {
                int x0 = 40 + (int) ((i - 1) * (width - 60.0) / Math.max(1, values.size() - 1));
                int x1 = 40 + (int) (i * (width - 60.0) / Math.max(1, values.size() - 1));
                int y0 = height - 40 - (int) ((values.get(i - 1) - min) / span * (height - 60));
                int y1 = height - 40 - (int) ((values.get(i) - min) / span * (height - 60));
                g.drawLine(x0, y0, x1, y1);
            }
            g.drawString(String.format("%s %.3g..%.3g", entry.getKey(), min, max), 50, 35 + 15 * index);
            index++;
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString("step", width / 2, height - 15);
        g.dispose();
        return Images.png(image);
    }

    private static void draw(BufferedImage target, float[] data, int b, int side, int x0, int y0) {
        int plane = side * side;
        int offset = b * 3 * plane;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int i = y * side + x;
                int r = channel(data[offset + i]);
                int gr = channel(data[offset + plane + i]);
                int bl = channel(data[offset + 2 * plane + i]);
                target.setRGB(x0 + x, y0 + y, r << 16 | gr << 8 | bl);
            }
        }
    }

    private static int channel(float value) {
        return Math.max(0, Math.min(255, Math.round((value + 1f) * 127.5f)));
    }
}
