package org.seqtasks.timeseries;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.seqtasks.UserFacingException;
import org.seqtasks.cli.UsageException;
import org.seqtasks.data.DatasetResolver;
import org.seqtasks.data.TextFiles;

/**
 * Daily prices in time order, oldest first, one row of {@link #COLUMNS} per trading day, and the lab's
 * split: the first 70% of days train, the rest test.
 *
 * <p>The file format is the lab's {@code data-02-stock_daily.csv}: {@code #} comment lines, then rows
 * {@code Open,High,Low,Volume,Close} <em>newest first</em>, which the reader reverses so that every window
 * looks only into the past. A row that is not five finite numbers stops the read with
 * {@code file:line: problem}.
 *
 * @param source where the rows came from, for messages and records
 * @param rows   one {@code double[5]} per day, oldest first
 */
public record DailyPrices(String source, List<double[]> rows) {
    public static final List<String> COLUMNS = List.of("Open", "High", "Low", "Volume", "Close");
    /** The column the model predicts, one day ahead. */
    public static final int CLOSE = 4;

    public static final double TRAIN_FRACTION = 0.7;

    public DailyPrices {
        rows = List.copyOf(rows);
    }

    /** The catalog's copy of the lab's file. */
    public static final String DEFAULT_DATASET = "goog-stock";

    static final String DEFAULT_FILE = "data-02-stock_daily.csv";

    /** Chooses the prices from {@code --input}, else {@code --dataset}, else the lab's GOOG file. */
    public static DailyPrices load(String dataset, Path input, Path dataDir) {
        if (input != null) {
            return read(input);
        }
        String name = dataset == null ? DEFAULT_DATASET : dataset;
        if (!name.equals(DEFAULT_DATASET)) {
            throw new UsageException(
                    "--dataset",
                    "timeseries has no dataset '" + name + "': use " + DEFAULT_DATASET
                            + " or --input FILE (rows Open,High,Low,Volume,Close, newest first)");
        }
        return new DailyPrices(
                name,
                read(DatasetResolver.standard(dataDir).file(name, DEFAULT_FILE)).rows());
    }

    public static DailyPrices read(Path file) {
        return parse(TextFiles.readLines(file, StandardCharsets.UTF_8), file.toString());
    }

    static DailyPrices parse(List<String> lines, String source) {
        List<double[]> newestFirst = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("#")) {
                continue;
            }
            String where = source + ":" + (i + 1) + ": ";
            if (line.isEmpty()) {
                throw new UserFacingException(where + "empty line (expected " + String.join(",", COLUMNS) + ")");
            }
            String[] fields = line.split(",", -1);
            if (fields.length != COLUMNS.size()) {
                throw new UserFacingException(where + fields.length + " fields, expected " + COLUMNS.size() + " ("
                        + String.join(",", COLUMNS) + ")");
            }
            double[] row = new double[fields.length];
            for (int c = 0; c < fields.length; c++) {
                try {
                    row[c] = Double.parseDouble(fields[c].strip());
                } catch (NumberFormatException e) {
                    throw new UserFacingException(
                            where + COLUMNS.get(c) + " '" + abbreviate(fields[c].strip()) + "' is not a number");
                }
                if (!Double.isFinite(row[c])) {
                    throw new UserFacingException(
                            where + COLUMNS.get(c) + " is " + fields[c].strip() + ", not a finite number");
                }
            }
            newestFirst.add(row);
        }
        if (newestFirst.isEmpty()) {
            throw new UserFacingException(source + ": no price rows (only comments or nothing)");
        }
        Collections.reverse(newestFirst);
        return new DailyPrices(source, newestFirst);
    }

    public int days() {
        return rows.size();
    }

    /** The index of the first test day: the lab's {@code int(len * 0.7)}. */
    public int splitDay() {
        return (int) (rows.size() * TRAIN_FRACTION);
    }

    /**
     * Checks that both periods hold at least one window of {@code window} days and the day after it.
     *
     * @throws UserFacingException naming the file and the counts when they do not
     */
    public void requireWindows(int window) {
        int trainWindows = splitDay() - window;
        int testWindows = rows.size() - splitDay();
        if (trainWindows < 1 || testWindows < 1) {
            throw new UserFacingException(source + ": " + rows.size() + " days give " + Math.max(0, trainWindows)
                    + " training and "
                    + Math.max(0, testWindows) + " test windows of " + window + " days (the first " + TRAIN_FRACTION
                    + " of the days train); a longer file or a shorter --window is needed");
        }
    }

    /** The training days, the first 70%. Only these may fit the scaler. */
    public List<double[]> trainRows() {
        return rows.subList(0, splitDay());
    }

    /**
     * The test days, starting {@code window} days before the split so that the first test target (the
     * first day after the training period) has a complete window of history. Those {@code window} days
     * are inputs only; no test target is a training day.
     */
    public List<double[]> testRows(int window) {
        int from = splitDay() - window;
        if (from < 0) {
            throw new UserFacingException(
                    source + ": " + rows.size() + " days is too few for windows of " + window + " days");
        }
        return rows.subList(from, rows.size());
    }

    private static String abbreviate(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "..." : s;
    }
}
