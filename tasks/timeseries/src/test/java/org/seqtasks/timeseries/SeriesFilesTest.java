package org.seqtasks.timeseries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.seqtasks.UserFacingException;

/** Series files and the DataVec path from series to arrays, on the sample in datasets/samples and on the real file. */
class SeriesFilesTest {
    static final String SAMPLE = "datasets/samples/timeseries/synthetic-control-sample.data";

    @TempDir
    Path dir;

    /** The sample (the shared jar carries datasets/) as a file, as a user would give it. */
    static Path sample(Path dir) throws IOException {
        Path file = dir.resolve("synthetic-control-sample.data");
        try (InputStream in = SeriesFilesTest.class.getClassLoader().getResourceAsStream(SAMPLE)) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void theSampleReadsAsTwoSeriesPerClassInBlocks() throws IOException {
        List<LabelledSeries> series = SeriesFiles.readBlocks(sample(dir), ControlChartData.CLASSES);
        assertEquals(12, series.size());
        for (int i = 0; i < 12; i++) {
            assertEquals(i / 2, series.get(i).label());
            assertEquals(60, series.get(i).length());
        }
        assertEquals(32.7684, series.get(0).values()[0], 1e-12);
    }

    @Test
    void dataVecAlignsEachClassAtTheLastStepUnderALabelMask() throws IOException {
        List<LabelledSeries> series = SeriesFiles.readBlocks(sample(dir), ControlChartData.CLASSES);
        DataSet ds = SeriesDataSets.of(series, ControlChartData.CLASSES);
        assertEquals(
                List.of(12L, 1L, 60L),
                List.of(
                        ds.getFeatures().shape()[0],
                        ds.getFeatures().shape()[1],
                        ds.getFeatures().shape()[2]));
        assertEquals(
                List.of(12L, 6L, 60L),
                List.of(
                        ds.getLabels().shape()[0],
                        ds.getLabels().shape()[1],
                        ds.getLabels().shape()[2]));
        INDArray mask = ds.getLabelsMaskArray();
        for (int i = 0; i < 12; i++) {
            for (int t = 0; t < 60; t++) {
                assertEquals(t == 59 ? 1.0 : 0.0, mask.getDouble(i, t), 0.0, "label mask, series " + i + " step " + t);
            }
            for (int c = 0; c < 6; c++) {
                assertEquals(
                        c == series.get(i).label() ? 1.0 : 0.0, ds.getLabels().getDouble(i, c, 59), 0.0);
            }
            assertEquals(series.get(i).values()[17], ds.getFeatures().getDouble(i, 0, 17), 1e-4);
        }
        assertTrue(
                ds.getFeaturesMaskArray() == null
                        || ds.getFeaturesMaskArray().minNumber().doubleValue() == 1.0,
                "series of one length need no padding");
    }

    @Test
    void aShorterSeriesIsPaddedAfterItsEndWithItsLabelOnItsOwnLastStep() {
        DataSet ds = SeriesDataSets.of(
                List.of(new LabelledSeries(new double[] {1, 2, 3, 4}, 2), new LabelledSeries(new double[] {5, 6}, 4)),
                ControlChartData.CLASSES);
        INDArray mask = ds.getFeaturesMaskArray();
        assertEquals(
                List.of(1.0, 1.0, 0.0, 0.0),
                List.of(mask.getDouble(1, 0), mask.getDouble(1, 1), mask.getDouble(1, 2), mask.getDouble(1, 3)));
        assertEquals(6.0, ds.getFeatures().getDouble(1, 0, 1), 1e-6);
        assertEquals(
                1.0, ds.getLabels().getDouble(1, 4, 1), 0.0, "ALIGN_END: the label sits on the series' own last step");
        assertEquals(1.0, ds.getLabelsMaskArray().getDouble(1, 1), 0.0);
        assertEquals(1.0, ds.getLabels().getDouble(0, 2, 3), 0.0);
    }

    @Test
    void theRealFileHasSixBlocksOfOneHundredWithTheirShapes() {
        String env = System.getenv("SEQTASKS_DATA");
        Assumptions.assumeTrue(
                env != null && !env.isBlank(),
                "SEQTASKS_DATA is unset: skipping the UCI Synthetic Control reader check");
        ControlChartData data = ControlChartData.load(ControlChartData.REAL, null, Path.of(env));
        assertEquals(600, data.series().size());
        double[] firstTenth = new double[6];
        double[] lastTenth = new double[6];
        for (LabelledSeries s : data.series()) {
            assertEquals(60, s.length());
            for (int t = 0; t < 10; t++) {
                firstTenth[s.label()] += s.values()[t] / 1000;
                lastTenth[s.label()] += s.values()[50 + t] / 1000;
            }
        }
        assertEquals(28.7812, data.series().get(0).values()[0], 1e-12);
        assertTrue(lastTenth[2] - firstTenth[2] > 10, "increasing trend ends higher");
        assertTrue(lastTenth[3] - firstTenth[3] < -10, "decreasing trend ends lower");
        assertTrue(lastTenth[4] - firstTenth[4] > 5, "upward shift ends higher");
        assertTrue(lastTenth[5] - firstTenth[5] < -5, "downward shift ends lower");
        assertEquals(30, firstTenth[0], 1, "normal sits at m = 30");
        DataSet ds = SeriesDataSets.of(data.series(), ControlChartData.CLASSES);
        assertEquals(600, ds.numExamples());
        assertTrue(
                ds.getFeaturesMaskArray() == null
                        || ds.getFeaturesMaskArray().minNumber().doubleValue() == 1.0,
                "no padding");
    }

    @Test
    void badFilesAreOneLineErrorsNamingFileAndLine() throws IOException {
        Path bad = dir.resolve("bad.data");
        Files.writeString(bad, "# comment\n1 2   3\n4 5 x\n");
        UserFacingException e = assertThrows(UserFacingException.class, () -> SeriesFiles.readBlocks(bad, 6));
        assertEquals(bad + ":3: value 3 'x' is not a number", e.getMessage());
        Files.writeString(bad, "1 2 3\n4 5\n");
        e = assertThrows(UserFacingException.class, () -> SeriesFiles.readSeries(bad));
        assertEquals(
                bad + ":2: 2 values, expected 3 like line 1 (every series of a file has the same length)",
                e.getMessage());
        Files.writeString(bad, "1 2 3\n4 5 6\n");
        e = assertThrows(UserFacingException.class, () -> SeriesFiles.readBlocks(bad, 6));
        assertTrue(e.getMessage().startsWith(bad + ": 2 series, not a multiple of 6"), e.getMessage());
        Files.writeString(bad, "1,2,NaN\n");
        e = assertThrows(UserFacingException.class, () -> SeriesFiles.readSeries(bad));
        assertEquals(bad + ":1: value 3 is NaN, not a finite number", e.getMessage());
        Files.writeString(bad, "1 2\n\n3 4\n");
        e = assertThrows(UserFacingException.class, () -> SeriesFiles.readSeries(bad));
        assertEquals(bad + ":2: empty line (expected one series per line)", e.getMessage());
    }
}
