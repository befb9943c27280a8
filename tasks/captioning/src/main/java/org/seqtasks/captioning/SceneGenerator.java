package org.seqtasks.captioning;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.seqtasks.UserFacingException;
import org.seqtasks.captioning.Scene.Colour;
import org.seqtasks.captioning.Scene.Item;
import org.seqtasks.captioning.Scene.Layout;
import org.seqtasks.captioning.Scene.Shape;
import org.seqtasks.captioning.Scene.Size;

/**
 * Draws random scenes for each split from a seed, deterministically: the same seed and split always give
 * the same scenes in the same order.
 *
 * <p>Four colour+shape pairs never occur in the train, dev and test splits: red triangle, green cross,
 * blue circle and yellow square (one per colour and one per shape, so every colour and every shape is still
 * seen with three partners). The compositional split puts at least one of them in every scene: a model
 * that has learned "colour" and "shape" as separate words should describe them; one that memorised whole
 * objects will not.
 */
public final class SceneGenerator {
    /** The splits; {@code COMPOSITIONAL} is the held-out-pairs test. */
    public enum Split {
        TRAIN,
        DEV,
        TEST,
        COMPOSITIONAL;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Split parse(String s) {
            for (Split split : values()) {
                if (split.id().equalsIgnoreCase(s) || (split == DEV && s.equalsIgnoreCase("val"))) {
                    return split;
                }
            }
            throw new UserFacingException("unknown split '" + s + "' (expected train, dev, test or compositional)");
        }
    }

    public static final List<ColourShape> HELD_OUT = List.of(
            new ColourShape(Colour.RED, Shape.TRIANGLE),
            new ColourShape(Colour.GREEN, Shape.CROSS),
            new ColourShape(Colour.BLUE, Shape.CIRCLE),
            new ColourShape(Colour.YELLOW, Shape.SQUARE));

    public record ColourShape(Colour colour, Shape shape) {
        @Override
        public String toString() {
            return colour.word() + " " + shape.word();
        }
    }

    private static final List<ColourShape> SEEN =
            allPairs().stream().filter(p -> !HELD_OUT.contains(p)).toList();

    private final long seed;

    public SceneGenerator(long seed) {
        this.seed = seed;
    }

    /** The first {@code count} scenes of {@code split}. */
    public List<Scene> scenes(Split split, int count) {
        // One generator per split, derived from the seed, so asking for more train scenes never changes the test set.
        Random random = new Random(seed * 1_000_003L + 7919L * (split.ordinal() + 1));
        List<Scene> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(next(random, split == Split.COMPOSITIONAL));
        }
        return out;
    }

    static Scene next(Random random, boolean withHeldOutPair) {
        int count = 1 + random.nextInt(3);
        Layout layout = count == 1 ? Layout.SINGLE : random.nextBoolean() ? Layout.ROW : Layout.COLUMN;
        int line = random.nextInt(3);
        List<Integer> cells = new ArrayList<>(List.of(0, 1, 2));
        Collections.shuffle(cells, random);
        List<Integer> positions = new ArrayList<>(cells.subList(0, count));
        positions.sort(null); // mention order = reading order along the line
        int heldOutIndex = withHeldOutPair ? random.nextInt(count) : -1;
        List<Item> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ColourShape pair = i == heldOutIndex
                    ? HELD_OUT.get(random.nextInt(HELD_OUT.size()))
                    : SEEN.get(random.nextInt(SEEN.size()));
            Size size = random.nextBoolean() ? Size.SMALL : Size.LARGE;
            int along = positions.get(i);
            int column = layout == Layout.COLUMN ? line : along;
            int row = layout == Layout.COLUMN ? along : layout == Layout.ROW ? line : random.nextInt(3);
            if (layout == Layout.SINGLE) {
                column = along;
            }
            items.add(new Item(size, pair.colour(), pair.shape(), column, row));
        }
        return new Scene(items, layout);
    }

    static List<ColourShape> allPairs() {
        List<ColourShape> pairs = new ArrayList<>();
        for (Colour c : Colour.values()) {
            for (Shape s : Shape.values()) {
                pairs.add(new ColourShape(c, s));
            }
        }
        return pairs;
    }

    static boolean isHeldOut(Item item) {
        return HELD_OUT.contains(new ColourShape(item.colour(), item.shape()));
    }
}
