package org.seqtasks.captioning;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.seqtasks.captioning.Scene.Item;
import org.seqtasks.captioning.Scene.Size;

/**
 * Draws a {@link Scene} with Java2D (headless) into a small RGB image: a 3 x 3 grid of {@value #CELL}-pixel
 * cells, one object per cell at most, on a dark plain background. Large shapes nearly fill their cell
 * (14 px), small ones half the area (10 px), so size, shape and colour all stay readable at 48 x 48. Each
 * object is nudged by a few pixels inside its cell ({@code jitter}), drawn from the given random source, so
 * a model cannot key on exact pixel positions.
 */
public final class SceneRenderer {
    public static final int CELL = 16;
    public static final int SIZE = 3 * CELL;
    static final Color BACKGROUND = new Color(36, 36, 40);

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private SceneRenderer() {}

    public static BufferedImage render(Scene scene, Random jitter) {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, SIZE, SIZE);
            for (Item item : scene.objects()) {
                draw(g, item, jitter);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void draw(Graphics2D g, Item item, Random jitter) {
        int extent = item.size() == Size.LARGE ? 14 : 10;
        // a one-pixel margin on each side keeps neighbours in adjacent cells apart
        int room = CELL - extent - 1;
        int x = item.column() * CELL + 1 + jitter.nextInt(room);
        int y = item.row() * CELL + 1 + jitter.nextInt(room);
        g.setColor(new Color(item.colour().r, item.colour().g, item.colour().b));
        switch (item.shape()) {
            case CIRCLE -> g.fillOval(x, y, extent, extent);
            case SQUARE -> {
                // a little inset so a square and a circle of one size cover similar areas
                int inset = extent / 8;
                g.fillRect(x + inset, y + inset, extent - 2 * inset, extent - 2 * inset);
            }
            case TRIANGLE ->
                g.fillPolygon(new Polygon(
                        new int[] {x, x + extent / 2, x + extent}, new int[] {y + extent, y, y + extent}, 3));
            case CROSS -> {
                int bar = Math.max(3, extent / 3);
                int offset = (extent - bar) / 2;
                g.fillRect(x + offset, y, bar, extent);
                g.fillRect(x, y + offset, extent, bar);
            }
        }
    }

    /** The image's pixels as bytes in channel, row, column order (the layout DL4J's CNN input wants). */
    public static byte[] channelsFirst(BufferedImage image, int size) {
        BufferedImage scaled = image;
        if (image.getWidth() != size || image.getHeight() != size || image.getType() != BufferedImage.TYPE_INT_RGB) {
            scaled = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = scaled.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, size, size, null);
            g.dispose();
        }
        byte[] out = new byte[3 * size * size];
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = scaled.getRGB(x, y);
                int i = y * size + x;
                out[i] = (byte) (rgb >> 16);
                out[plane + i] = (byte) (rgb >> 8);
                out[2 * plane + i] = (byte) rgb;
            }
        }
        return out;
    }
}
