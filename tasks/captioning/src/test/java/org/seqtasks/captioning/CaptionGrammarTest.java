package org.seqtasks.captioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqtasks.captioning.CaptionGrammar.ObjectWords;
import org.seqtasks.captioning.CaptionGrammar.Reading;
import org.seqtasks.captioning.Scene.Colour;
import org.seqtasks.captioning.Scene.Item;
import org.seqtasks.captioning.Scene.Layout;
import org.seqtasks.captioning.Scene.Shape;
import org.seqtasks.captioning.Scene.Size;

class CaptionGrammarTest {
    private static List<String> words(String s) {
        return Arrays.asList(s.split(" "));
    }

    @Test
    void describesAScene() {
        Scene scene = new Scene(
                List.of(
                        new Item(Size.SMALL, Colour.RED, Shape.CIRCLE, 1, 0),
                        new Item(Size.LARGE, Colour.BLUE, Shape.SQUARE, 1, 2)),
                Layout.COLUMN);
        assertEquals(words("a small red circle above a large blue square"), CaptionGrammar.describe(scene));
        Scene row = new Scene(
                List.of(
                        new Item(Size.LARGE, Colour.GREEN, Shape.TRIANGLE, 0, 1),
                        new Item(Size.SMALL, Colour.YELLOW, Shape.CROSS, 1, 1),
                        new Item(Size.SMALL, Colour.RED, Shape.SQUARE, 2, 1)),
                Layout.ROW);
        assertEquals(
                words("a large green triangle left of a small yellow cross left of a small red square"),
                CaptionGrammar.describe(row));
    }

    @Test
    void readsWhatAModelWritesEvenWhenItIsWrong() {
        Reading good = CaptionGrammar.parse(words("a large green triangle left of a small yellow cross"));
        assertTrue(good.grammatical());
        assertEquals(
                List.of(
                        new ObjectWords(Size.LARGE, Colour.GREEN, Shape.TRIANGLE),
                        new ObjectWords(Size.SMALL, Colour.YELLOW, Shape.CROSS)),
                good.objects());
        assertEquals(List.of(Layout.ROW), good.relations());

        Reading missing = CaptionGrammar.parse(words("a green triangle above a small"));
        assertFalse(missing.grammatical());
        assertEquals(2, missing.objects().size());
        assertNull(missing.objects().get(0).size());
        assertEquals(Colour.GREEN, missing.objects().get(0).colour());
        assertNull(missing.objects().get(1).shape());
        assertEquals(List.of(Layout.COLUMN), missing.relations());

        assertFalse(CaptionGrammar.parse(words("a small red circle left")).grammatical(), "'left' without 'of'");
        assertFalse(
                CaptionGrammar.parse(words("a small red circle above")).grammatical(),
                "a relation with nothing after it");
        assertFalse(CaptionGrammar.parse(List.of()).grammatical());
    }
}
