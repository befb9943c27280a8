package org.seqtasks.seq2seq;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * An attention map as a PNG: one square cell per (output token, source token), source tokens left to right along
 * the top, output tokens top to bottom down the left, each cell grey from white (weight 0) to black (weight 1).
 * Drawn with Java2D rather than a chart library so that each cell is exactly one flat grey, its weight readable
 * back from the pixels (the test does).
 */
final class AttentionHeatmap {
    static final int CELL = 28;
    static final int MARGIN = 10;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    /** Where the grid sits: {@code left}/{@code top} are its corner, {@code columns} source and {@code rows} output tokens. */
    record Layout(int left, int top, int columns, int rows) {
        int width() {
            return left + columns * CELL + MARGIN;
        }

        int height() {
            return top + rows * CELL + MARGIN;
        }

        /** The centre of source token {@code column}'s cells, across. */
        int centreX(int column) {
            return left + column * CELL + CELL / 2;
        }

        /** The centre of output token {@code row}'s cells, down. */
        int centreY(int row) {
            return top + row * CELL + CELL / 2;
        }
    }

    private AttentionHeatmap() {}

    /** The grey of weight {@code w}: 255 (white) at 0 down to 0 (black) at 1. */
    static int grey(float w) {
        return Math.round(255 * (1 - Math.max(0f, Math.min(1f, w))));
    }

    /** A token as a label: a space (the dates' characters) shows as an underscore. */
    static String label(String token) {
        return token.equals(" ") ? "_" : token;
    }

    static Layout layout(Seq2SeqModel.AttentionMap map) {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            g.setFont(FONT);
            FontMetrics fm = g.getFontMetrics();
            return new Layout(
                    2 * MARGIN + widest(fm, map.output()),
                    2 * MARGIN + widest(fm, map.source()),
                    map.source().size(),
                    map.output().size());
        } finally {
            g.dispose();
        }
    }

    /** Writes {@code map} to {@code png}; returns its layout. */
    static Layout write(Seq2SeqModel.AttentionMap map, Path png) {
        Layout layout = layout(map);
        BufferedImage image = new BufferedImage(layout.width(), layout.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, layout.width(), layout.height());
            for (int t = 0; t < layout.rows(); t++) {
                for (int j = 0; j < layout.columns(); j++) {
                    int v = grey(map.weights()[t][j]);
                    g.setColor(new Color(v, v, v));
                    g.fillRect(layout.left() + j * CELL, layout.top() + t * CELL, CELL, CELL);
                }
            }
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(FONT);
            g.setColor(Color.BLACK);
            FontMetrics fm = g.getFontMetrics();
            for (int t = 0; t < layout.rows(); t++) {
                String s = label(map.output().get(t));
                g.drawString(s, layout.left() - MARGIN - fm.stringWidth(s), layout.centreY(t) + fm.getAscent() / 2 - 1);
            }
            AffineTransform upright = g.getTransform();
            for (int j = 0; j < layout.columns(); j++) {
                // source labels read bottom to top, each ending just above its column
                g.setTransform(upright);
                g.translate(layout.centreX(j) + fm.getAscent() / 2 - 1, layout.top() - MARGIN);
                g.rotate(-Math.PI / 2);
                g.drawString(label(map.source().get(j)), 0, 0);
            }
        } finally {
            g.dispose();
        }
        try {
            if (!ImageIO.write(image, "png", png.toFile())) {
                throw new IOException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
        return layout;
    }

    private static int widest(FontMetrics fm, List<String> tokens) {
        int widest = 0;
        for (String t : tokens) {
            widest = Math.max(widest, fm.stringWidth(label(t)));
        }
        return widest;
    }
}
