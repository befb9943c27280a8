package org.seqtasks.timeseries;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Small price files in the lab's format (two comment lines, newest first) for tests. */
final class SyntheticPrices {
    private SyntheticPrices() {}

    /** {@code days} rows, oldest first: a slow wave around 100 with a little trend; Volume in the thousands. */
    static List<double[]> rows(int days) {
        List<double[]> rows = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            double close = 100 + 10 * Math.sin(d / 6.0) + 0.1 * d;
            rows.add(new double[] {close - 0.5, close + 1, close - 1, 1000 + 37 * (d % 11), close});
        }
        return rows;
    }

    /** Writes {@code rows} (oldest first) newest first, as the lab's file is. */
    static Path write(Path file, List<double[]> rows) {
        List<String> lines = new ArrayList<>();
        lines.add("# synthetic prices for a test");
        lines.add("# Open,High,Low,Volume,Close");
        for (int i = rows.size() - 1; i >= 0; i--) {
            double[] r = rows.get(i);
            lines.add(String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%.0f,%.6f", r[0], r[1], r[2], r[3], r[4]));
        }
        try {
            // CRLF, as in the lab's file
            Files.writeString(file, String.join("\r\n", lines));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
