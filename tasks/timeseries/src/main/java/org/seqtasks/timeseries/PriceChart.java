package org.seqtasks.timeseries;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Predicted against true next-day Close over the test days, as a PNG. */
final class PriceChart {
    private PriceChart() {}

    static void write(double[] truth, double[] predicted, String title, String predictedLabel, Path png) {
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(450)
                .title(title)
                .xAxisTitle("test day")
                .yAxisTitle("Close")
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        double[] x = new double[truth.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
        }
        chart.addSeries("true", x, truth).setMarker(SeriesMarkers.NONE);
        chart.addSeries(predictedLabel, x, predicted).setMarker(SeriesMarkers.NONE);
        try {
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }
}
