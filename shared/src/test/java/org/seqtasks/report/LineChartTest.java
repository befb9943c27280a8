package org.seqtasks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.train.CurveCsv;
import org.seqtasks.train.CurvePoint;

class LineChartTest {
    @TempDir
    Path dir;

    @Test
    void logChartSkipsZerosAndWritesAPng() throws IOException {
        Path png = dir.resolve("c.png");
        boolean written = new LineChart("t", "x", "y")
                .logY()
                .add(LineChart.Series.solid("a", new double[] {0, 1, 2}, new double[] {1, 1e-3, 0}))
                .add(LineChart.Series.dashed("b", new double[] {0, 1}, new double[] {2, 3})
                        .withColor(Color.RED))
                .write(png);
        assertTrue(written);
        assertEquals(440, ImageIO.read(png.toFile()).getHeight());
    }

    @Test
    void nothingToDrawWritesNothing() {
        Path png = dir.resolve("empty.png");
        assertFalse(new LineChart("t", "x", "y")
                .logY()
                .add(LineChart.Series.solid("a", new double[] {0}, new double[] {0}))
                .write(png));
        assertFalse(Files.exists(png));
        assertThrows(
                IllegalArgumentException.class,
                () -> LineChart.Series.solid("bad", new double[] {1, 2}, new double[] {1}));
    }

    @Test
    void curveCsvReadsWhatTheTrainerWrites() throws IOException {
        Path csv = dir.resolve("curve.csv");
        CurvePoint p = new CurvePoint(12, 0.5, 3.25, 2.5, Double.NaN, 1000);
        Files.writeString(csv, CurvePoint.CSV_HEADER + "\n" + p.csv() + "\n");
        List<CurvePoint> back = CurveCsv.read(csv);
        assertEquals(1, back.size());
        assertEquals(12, back.get(0).iteration());
        assertEquals(2.5, back.get(0).trainLoss(), 1e-9);
        assertTrue(Double.isNaN(back.get(0).validationLoss()));
        assertTrue(CurveCsv.read(dir.resolve("none.csv")).isEmpty());
    }
}
