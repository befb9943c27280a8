package org.seqtasks.captioning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.seqtasks.captioning.CaptionGrammar.Reading;
import org.seqtasks.captioning.Scene.Item;
import org.seqtasks.captioning.Scene.Layout;
import org.seqtasks.captioning.SceneGenerator.Split;

class SceneGeneratorTest {
    @Test
    void sameSeedSameScenesAndPixels() {
        List<Scene> a = new SceneGenerator(7).scenes(Split.TRAIN, 50);
        List<Scene> b = new SceneGenerator(7).scenes(Split.TRAIN, 50);
        assertEquals(a, b);
        assertNotEquals(a, new SceneGenerator(8).scenes(Split.TRAIN, 50));
        assertNotEquals(a, new SceneGenerator(7).scenes(Split.TEST, 50), "each split has its own scenes");
        assertEquals(
                a.subList(0, 20), new SceneGenerator(7).scenes(Split.TRAIN, 20), "a longer list extends a shorter one");
        List<CaptionedImage> x = CaptioningData.renderedSplit(7, 20, 5, Split.DEV);
        List<CaptionedImage> y = CaptioningData.renderedSplit(7, 20, 5, Split.DEV);
        for (int i = 0; i < x.size(); i++) {
            assertArrayEquals(x.get(i).pixels(), y.get(i).pixels());
        }
    }

    @Test
    void captionsDescribeTheDrawnObjectsInReadingOrder() {
        Set<Integer> counts = new HashSet<>();
        Set<Layout> layouts = new HashSet<>();
        for (Scene scene : new SceneGenerator(3).scenes(Split.TRAIN, 300)) {
            counts.add(scene.objects().size());
            layouts.add(scene.layout());
            Reading reading = CaptionGrammar.parse(CaptionGrammar.describe(scene));
            assertTrue(reading.grammatical(), scene.toString());
            assertEquals(scene.objects().size(), reading.objects().size());
            for (int i = 0; i < scene.objects().size(); i++) {
                Item item = scene.objects().get(i);
                assertEquals(
                        new CaptionGrammar.ObjectWords(item.size(), item.colour(), item.shape()),
                        reading.objects().get(i));
                if (i > 0) {
                    Item before = scene.objects().get(i - 1);
                    assertEquals(scene.layout(), reading.relations().get(i - 1));
                    if (scene.layout() == Layout.ROW) {
                        assertEquals(before.row(), item.row(), "a row shares its row");
                        assertTrue(before.column() < item.column(), "'left of' is true: " + scene);
                    } else {
                        assertEquals(before.column(), item.column(), "a column shares its column");
                        assertTrue(before.row() < item.row(), "'above' is true: " + scene);
                    }
                }
            }
        }
        assertEquals(Set.of(1, 2, 3), counts);
        assertEquals(Set.of(Layout.SINGLE, Layout.ROW, Layout.COLUMN), layouts);
    }

    @Test
    void heldOutPairsOnlyInTheCompositionalSplit() {
        for (Split split : List.of(Split.TRAIN, Split.DEV, Split.TEST)) {
            for (Scene scene : new SceneGenerator(5).scenes(split, 400)) {
                assertFalse(scene.objects().stream().anyMatch(SceneGenerator::isHeldOut), split + ": " + scene);
            }
        }
        Set<SceneGenerator.ColourShape> seen = new HashSet<>();
        for (Scene scene : new SceneGenerator(5).scenes(Split.COMPOSITIONAL, 200)) {
            assertTrue(scene.objects().stream().anyMatch(SceneGenerator::isHeldOut), scene.toString());
            scene.objects().stream()
                    .filter(SceneGenerator::isHeldOut)
                    .forEach(o -> seen.add(new SceneGenerator.ColourShape(o.colour(), o.shape())));
        }
        assertEquals(Set.copyOf(SceneGenerator.HELD_OUT), seen);
    }

    @Test
    void eachObjectIsDrawnInItsOwnCellInItsColour() {
        for (Scene scene : new SceneGenerator(11).scenes(Split.TRAIN, 40)) {
            BufferedImage image = SceneRenderer.render(scene, new Random(1));
            for (int column = 0; column < 3; column++) {
                for (int row = 0; row < 3; row++) {
                    final int c = column;
                    final int r = row;
                    Item item = scene.objects().stream()
                            .filter(o -> o.column() == c && o.row() == r)
                            .findFirst()
                            .orElse(null);
                    int exact = 0;
                    int background = 0;
                    for (int y = r * SceneRenderer.CELL; y < (r + 1) * SceneRenderer.CELL; y++) {
                        for (int x = c * SceneRenderer.CELL; x < (c + 1) * SceneRenderer.CELL; x++) {
                            Color px = new Color(image.getRGB(x, y));
                            if (item != null
                                    && px.getRed() == item.colour().r
                                    && px.getGreen() == item.colour().g
                                    && px.getBlue() == item.colour().b) {
                                exact++;
                            }
                            background += px.equals(SceneRenderer.BACKGROUND) ? 1 : 0;
                        }
                    }
                    if (item == null) {
                        assertEquals(
                                SceneRenderer.CELL * SceneRenderer.CELL,
                                background,
                                "empty cell " + c + "," + r + " in " + scene);
                    } else {
                        assertTrue(exact >= 12, item + " has " + exact + " pixels of its colour");
                        assertTrue(background > 0, "an object stays inside its cell");
                    }
                }
            }
        }
    }
}
