package org.seqtasks.captioning;

import java.util.ArrayList;
import java.util.List;
import org.seqtasks.captioning.Scene.Colour;
import org.seqtasks.captioning.Scene.Item;
import org.seqtasks.captioning.Scene.Layout;
import org.seqtasks.captioning.Scene.Shape;
import org.seqtasks.captioning.Scene.Size;

/**
 * The language of the rendered scenes, both ways:
 *
 * <pre>
 * caption  = object { relation object }
 * object   = "a" size colour shape          size = small | large; colour = red | green | blue | yellow
 * relation = "left of" | "above"           shape = circle | square | triangle | cross
 * </pre>
 *
 * Objects are mentioned in reading order along their row (left to right, "left of") or column (top to
 * bottom, "above"), and all relations of one caption are the same, so a scene has exactly one caption and
 * a caption can be read back into the attributes it claims. The parser is lenient, because it also reads
 * what a half-trained model writes: relation words split the caption into object phrases, and each phrase
 * yields whichever size, colour and shape words it contains.
 */
public final class CaptionGrammar {
    private CaptionGrammar() {}

    public static List<String> describe(Scene scene) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < scene.objects().size(); i++) {
            if (i > 0) {
                words.addAll(scene.layout().relationWords());
            }
            words.add("a");
            Item item = scene.objects().get(i);
            words.add(item.size().word());
            words.add(item.colour().word());
            words.add(item.shape().word());
        }
        return words;
    }

    /** An object phrase as read back; an attribute the phrase does not name is null. */
    public record ObjectWords(Size size, Colour colour, Shape shape) {}

    /**
     * What a caption claims: its object phrases in order, the relation between each neighbouring pair, and
     * whether it is a sentence of the grammar exactly (every word in its place, nothing missing or extra).
     */
    public record Reading(List<ObjectWords> objects, List<Layout> relations, boolean grammatical) {}

    public static Reading parse(List<String> words) {
        List<ObjectWords> objects = new ArrayList<>();
        List<Layout> relations = new ArrayList<>();
        List<String> phrase = new ArrayList<>();
        boolean grammatical = true;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            Layout relation = null;
            if (w.equals("above")) {
                relation = Layout.COLUMN;
            } else if (w.equals("left")
                    && i + 1 < words.size()
                    && words.get(i + 1).equals("of")) {
                relation = Layout.ROW;
                i++;
            }
            if (relation != null) {
                grammatical &= closePhrase(phrase, objects);
                relations.add(relation);
            } else {
                phrase.add(w);
            }
        }
        grammatical &= closePhrase(phrase, objects);
        return new Reading(objects, relations, grammatical && relations.size() == objects.size() - 1);
    }

    /** Reads one object phrase into {@code objects}; true when it was exactly "a size colour shape". */
    private static boolean closePhrase(List<String> phrase, List<ObjectWords> objects) {
        Size size = null;
        Colour colour = null;
        Shape shape = null;
        for (String w : phrase) {
            size = size != null ? size : find(Size.values(), w);
            colour = colour != null ? colour : find(Colour.values(), w);
            shape = shape != null ? shape : find(Shape.values(), w);
        }
        boolean exact = phrase.size() == 4
                && phrase.get(0).equals("a")
                && find(Size.values(), phrase.get(1)) != null
                && find(Colour.values(), phrase.get(2)) != null
                && find(Shape.values(), phrase.get(3)) != null;
        if (!phrase.isEmpty()) {
            objects.add(new ObjectWords(size, colour, shape));
        }
        phrase.clear();
        return exact;
    }

    private static <E extends Enum<E>> E find(E[] values, String word) {
        for (E e : values) {
            if (e.name().equalsIgnoreCase(word)) {
                return e;
            }
        }
        return null;
    }
}
