package org.seqtasks.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.seqtasks.train.CurvePoint;

/** The learning curve of a run as a PNG: training and validation loss against iterations. */
public final class CurveChart {
    private CurveChart() {}

    public static void write(List<CurvePoint> curve, String title, String lossLabel, Path png) {
        if (curve.isEmpty()) {
            return;
        }
        XYChart chart = new XYChartBuilder()
                .width(720)
                .height(420)
                .title(title)
                .xAxisTitle("iteration")
                .yAxisTitle(lossLabel)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        double[] x = curve.stream().mapToDouble(CurvePoint::iteration).toArray();
        double[] train = curve.stream().mapToDouble(CurvePoint::trainLoss).toArray();
        double[] val = curve.stream().mapToDouble(CurvePoint::validationLoss).toArray();
        if (Arrays.stream(train).allMatch(Double::isFinite)) {
            chart.addSeries("train", x, train).setMarker(SeriesMarkers.NONE);
        }
        chart.addSeries("validation", x, val).setMarker(SeriesMarkers.CIRCLE);
        try {
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }
}
