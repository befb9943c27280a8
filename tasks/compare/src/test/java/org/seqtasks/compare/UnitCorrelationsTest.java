package org.seqtasks.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UnitCorrelationsTest {
    @Test
    void pearsonOfKnownPairs() {
        assertEquals(1.0, UnitCorrelations.pearson(new double[] {1, 2, 3}, new double[] {2, 4, 6}), 1e-12);
        assertEquals(-1.0, UnitCorrelations.pearson(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-12);
        assertEquals(0.0, UnitCorrelations.pearson(new double[] {1, 1, 1}, new double[] {3, 2, 1}), 0);
    }

    @Test
    void findsThePlantedQuoteUnit() {
        String text = "He said \"go now\" and left.\nShe said \"stay\" twice.\n(quietly) fine.\n".repeat(5);
        Map<String, double[]> properties = TextProperties.of(text);
        double[] quotes = properties.get("inside quotes");
        Random random = new Random(3);
        int n = text.length();
        double[][][] acts = new double[2][6][n];
        for (int layer = 0; layer < 2; layer++) {
            for (int unit = 0; unit < 6; unit++) {
                for (int t = 0; t < n; t++) {
                    acts[layer][unit][t] = random.nextGaussian();
                }
            }
        }
        for (int t = 0; t < n; t++) {
            acts[1][4][t] = -0.9 * quotes[t] + 0.05 * random.nextGaussian(); // planted: negatively tracks quotes
        }
        UnitCorrelations.Finding f = UnitCorrelations.best(acts, properties).stream()
                .filter(x -> x.property().equals("inside quotes"))
                .findFirst()
                .orElseThrow();
        assertEquals(1, f.layer());
        assertEquals(4, f.unit());
        assertTrue(f.correlation() < -0.95, "r = " + f.correlation());
    }

    @Test
    void textPropertiesMarkQuotesBracketsAndLines() {
        String text = "KEEPER:\nsay \"hi\" (now)\n";
        Map<String, double[]> p = TextProperties.of(text);
        int open = text.indexOf('"');
        int close = text.lastIndexOf('"');
        assertEquals(1, p.get("inside quotes")[open]);
        assertEquals(1, p.get("inside quotes")[open + 1]);
        assertEquals(1, p.get("inside quotes")[close]);
        assertEquals(0, p.get("inside quotes")[close + 1]);
        assertEquals(1, p.get("inside brackets")[text.indexOf('n', text.indexOf('('))]);
        assertEquals(0, p.get("inside brackets")[text.indexOf('s')]);
        assertEquals(1, p.get("first character of a line")[8]);
        assertEquals(3, p.get("position in line")[11]);
        assertEquals(1, p.get("speaker-name line")[2]);
        assertEquals(0, p.get("speaker-name line")[10]);
        assertFalse(TextProperties.isSpeakerLine("Not a name:\n", 0));
    }

    @Test
    void constantPropertiesAreLeftOut() {
        double[][][] acts = {{{0.1, 0.5, 0.2}}};
        List<UnitCorrelations.Finding> found = UnitCorrelations.best(acts, Map.of("never", new double[] {0, 0, 0}));
        assertTrue(found.isEmpty());
    }

    @Test
    void liveliestWindowIsWhereThePropertyChanges() {
        double[] property = new double[400];
        for (int i = 200; i < 300; i += 2) {
            property[i] = 1;
        }
        int start = InterpretableUnitsExperiment.liveliestWindow(property, 100);
        assertArrayEquals(new int[] {200}, new int[] {start});
    }
}
