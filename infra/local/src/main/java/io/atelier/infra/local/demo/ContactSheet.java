package io.atelier.infra.local.demo;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The demo's side-by-side grid: the painting on top, then each photo before and after. */
public final class ContactSheet {

    /** One photo and its styled output. */
    public record Pair(String name, BufferedImage before, BufferedImage after) {
    }

    private static final int ROW_HEIGHT = 256;
    private static final int GAP = 12;
    private static final int LABEL = 22;

    private ContactSheet() {
    }

    public static void write(BufferedImage style, String styleName, List<Pair> pairs, Path file) throws IOException {
        int width = 0;
        for (Pair pair : pairs) {
            width = Math.max(width, scaledWidth(pair.before()) + GAP + scaledWidth(pair.after()));
        }
        width = Math.max(width, scaledWidth(style)) + 2 * GAP;
        int height = GAP + LABEL + ROW_HEIGHT + pairs.size() * (GAP + LABEL + ROW_HEIGHT) + GAP;
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            int y = GAP;
            y = row(g, y, "style: " + styleName, style, null);
            for (Pair pair : pairs) {
                y = row(g, y, pair.name() + ": before | after", pair.before(), pair.after());
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(sheet, "png", file.toFile());
    }

    private static int row(Graphics2D g, int y, String label, BufferedImage left, BufferedImage right) {
        g.setColor(Color.DARK_GRAY);
        try {
            g.drawString(label, GAP, y + LABEL - 6);
        } catch (RuntimeException | InternalError e) {
            // A JDK without fonts (a bare container) cannot draw text; the images matter more.
        }
        int top = y + LABEL;
        g.drawImage(left, GAP, top, scaledWidth(left), ROW_HEIGHT, null);
        if (right != null) {
            g.drawImage(right, GAP + scaledWidth(left) + GAP, top, scaledWidth(right), ROW_HEIGHT, null);
        }
        return top + ROW_HEIGHT + GAP;
    }

    private static int scaledWidth(BufferedImage image) {
        return Math.max(1, Math.round(image.getWidth() * (ROW_HEIGHT / (float) image.getHeight())));
    }
}
