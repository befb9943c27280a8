package org.seqtasks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Several named lines on one chart, written as a PNG: the comparison charts (RNN against LSTM, one
 * experiment's settings against each other). A log y axis drops non-positive points, which XChart
 * cannot place, rather than failing the whole chart.
 */
public final class LineChart {
    /**
     * One line; {@code dashed} tells apart a second family of lines (e.g. validation against training);
     * {@code color} null = XChart's next colour, or fixed so one model keeps one colour across charts.
     */
    public record Series(String name, double[] x, double[] y, boolean dashed, Color color) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException(name + ": " + x.length + " x values but " + y.length + " y values");
            }
        }

        public static Series solid(String name, double[] x, double[] y) {
            return new Series(name, x, y, false, null);
        }

        public static Series dashed(String name, double[] x, double[] y) {
            return new Series(name, x, y, true, null);
        }

        public Series withColor(Color c) {
            return new Series(name, x, y, dashed, c);
        }
    }

    private final String title;
    private final String xTitle;
    private final String yTitle;
    private boolean logY;
    private final List<Series> series = new ArrayList<>();

    public LineChart(String title, String xTitle, String yTitle) {
        this.title = title;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
    }

    public LineChart logY() {
        this.logY = true;
        return this;
    }

    public LineChart add(Series s) {
        series.add(s);
        return this;
    }

    /** Writes the chart to {@code png}; returns false (and writes nothing) when no series has a point to draw. */
    public boolean write(Path png) {
        XYChart chart = new XYChartBuilder()
                .width(760)
                .height(440)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        int drawn = 0;
        for (Series s : series) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < s.x().length; i++) {
                double y = s.y()[i];
                if (Double.isFinite(y) && Double.isFinite(s.x()[i]) && (!logY || y > 0)) {
                    xs.add(s.x()[i]);
                    ys.add(y);
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            XYSeries line = chart.addSeries(s.name(), xs, ys);
            line.setMarker(xs.size() <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            if (s.color() != null) {
                line.setLineColor(s.color());
                line.setMarkerColor(s.color());
            }
            if (s.dashed()) {
                line.setLineStyle(new BasicStroke(
                        2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f));
            }
            drawn++;
        }
        if (drawn == 0) {
            return false;
        }
        try {
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }
}
