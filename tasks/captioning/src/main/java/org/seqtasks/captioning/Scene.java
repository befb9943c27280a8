package org.seqtasks.captioning;

import java.util.List;
import java.util.Locale;

/**
 * What a rendered image shows: one to three shapes on a plain background, laid out in one row or one
 * column of a 3 x 3 grid. The objects are listed in the order a caption mentions them, left to right in
 * a row and top to bottom in a column, so every scene has exactly one correct caption.
 */
public record Scene(List<Item> objects, Layout layout) {
    public Scene {
        objects = List.copyOf(objects);
        if (objects.isEmpty() || objects.size() > 3) {
            throw new IllegalArgumentException("a scene has 1 to 3 objects, got " + objects.size());
        }
    }

    /** One drawn shape: its attributes and the grid cell (column, row: 0..2) that holds its centre. */
    public record Item(Size size, Colour colour, Shape shape, int column, int row) {
        /** The words this object contributes to a caption, after the article. */
        public String describe() {
            return size.word() + " " + colour.word() + " " + shape.word();
        }
    }

    public enum Shape {
        CIRCLE,
        SQUARE,
        TRIANGLE,
        CROSS;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Colour {
        RED(225, 40, 40),
        GREEN(40, 190, 60),
        BLUE(60, 110, 255),
        YELLOW(240, 215, 40);

        final int r;
        final int g;
        final int b;

        Colour(int r, int g, int b) {
            this.r = r;
            this.g = g;
            this.b = b;
        }

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Size {
        SMALL,
        LARGE;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * How several objects are arranged, and the relation a caption uses between neighbours: objects in
     * a row are mentioned left to right ("left of"), objects in a column top to bottom ("above").
     */
    public enum Layout {
        SINGLE(List.of()),
        ROW(List.of("left", "of")),
        COLUMN(List.of("above"));

        private final List<String> relationWords;

        Layout(List<String> relationWords) {
            this.relationWords = relationWords;
        }

        public List<String> relationWords() {
            return relationWords;
        }
    }
}
