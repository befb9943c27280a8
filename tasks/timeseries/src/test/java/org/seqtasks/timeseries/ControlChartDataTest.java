package org.seqtasks.timeseries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ControlChartDataTest {
    private static final ControlChartData DATA = ControlChartData.load("default", null, null);

    private static long count(List<LabelledSeries> series, int label) {
        return series.stream().filter(s -> s.label() == label).count();
    }

    private static Set<LabelledSeries> identities(List<LabelledSeries> series) {
        Set<LabelledSeries> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(series);
        return set;
    }

    @Test
    void theDefaultIsTheGeneratedSetOfTheUciSize() {
        assertEquals(ControlChartData.GENERATED, DATA.name());
        assertEquals(600, DATA.series().size());
        assertEquals(
                DATA.series().get(123).values()[7],
                ControlChartData.load(ControlChartData.GENERATED, null, null)
                        .series()
                        .get(123)
                        .values()[7],
                0.0,
                "the same series every time");
    }

    @Test
    void halvesAreStratifiedDisjointAndSeeded() {
        ControlChartData.Split split = DATA.halves(12345);
        assertEquals(300, split.train().size());
        assertEquals(300, split.test().size());
        for (int c = 0; c < 6; c++) {
            assertEquals(50, count(split.train(), c));
            assertEquals(50, count(split.test(), c));
        }
        Set<LabelledSeries> train = identities(split.train());
        assertTrue(split.test().stream().noneMatch(train::contains), "no series in both halves");
        assertEquals(split.train(), DATA.halves(12345).train(), "same seed, same split");
        assertNotEquals(identities(split.train()), identities(DATA.halves(1).train()), "another seed, another split");
    }

    @Test
    void tenFoldsPartitionTheSeriesWithTenOfEachClassPerFold() {
        Set<LabelledSeries> seen = identities(List.of());
        for (int k = 0; k < ControlChartData.FOLDS; k++) {
            ControlChartData.Split fold = DATA.fold(k, 7);
            assertEquals(60, fold.test().size());
            assertEquals(540, fold.train().size());
            for (int c = 0; c < 6; c++) {
                assertEquals(10, count(fold.test(), c));
            }
            Set<LabelledSeries> test = identities(fold.test());
            assertTrue(fold.train().stream().noneMatch(test::contains));
            seen.addAll(fold.test());
        }
        assertEquals(600, seen.size(), "every series is tested exactly once over the folds");
    }
}
