package org.seqtasks.timeseries;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.seqtasks.UserFacingException;
import org.seqtasks.data.TextFiles;

/**
 * Text files of series, one series per line, values separated by whitespace (runs of spaces allowed: the UCI file is
 * fixed-width) or commas; {@code #} lines are comments. A value that is not a finite number, a line of another length
 * than the first, or a layout that does not fit stops the read with {@code file:line: problem}.
 */
public final class SeriesFiles {
    private static final Pattern SEPARATOR = Pattern.compile("[\\s,]+");

    private SeriesFiles() {}

    /**
     * The UCI Synthetic Control layout: no labels in the file, the classes in {@code classes} consecutive blocks of
     * equal size, in class order (the UCI file: 600 lines, 100 per class, label = line / 100).
     */
    public static List<LabelledSeries> readBlocks(Path file, int classes) {
        List<Numbered> rows = read(file);
        if (rows.size() % classes != 0) {
            throw new UserFacingException(file + ": " + rows.size() + " series, not a multiple of " + classes
                    + " (the layout is " + classes + " consecutive blocks of equal size, one per class in order)");
        }
        int block = rows.size() / classes;
        List<LabelledSeries> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            out.add(new LabelledSeries(rows.get(i).values(), i / block));
        }
        return out;
    }

    /** Unlabelled series (what {@code predict} classifies), in file order. */
    public static List<double[]> readSeries(Path file) {
        return read(file).stream().map(Numbered::values).toList();
    }

    /** Writes series in the block layout: one line per series, space-separated, classes in order. */
    public static String format(List<LabelledSeries> series) {
        StringBuilder b = new StringBuilder();
        for (LabelledSeries s : series) {
            for (int i = 0; i < s.length(); i++) {
                b.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.4f", s.values()[i]));
            }
            b.append('\n');
        }
        return b.toString();
    }

    private record Numbered(int line, double[] values) {}

    private static List<Numbered> read(Path file) {
        List<String> lines = TextFiles.readLines(file, StandardCharsets.UTF_8);
        List<Numbered> rows = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String where = file + ":" + (i + 1) + ": ";
            if (line.startsWith("#")) {
                continue;
            }
            if (line.isEmpty()) {
                if (lines.subList(i, lines.size()).stream().allMatch(String::isBlank)) {
                    break; // trailing blank lines end the file
                }
                throw new UserFacingException(where + "empty line (expected one series per line)");
            }
            String[] fields = SEPARATOR.split(line);
            double[] values = new double[fields.length];
            for (int c = 0; c < fields.length; c++) {
                try {
                    values[c] = Double.parseDouble(fields[c]);
                } catch (NumberFormatException e) {
                    throw new UserFacingException(
                            where + "value " + (c + 1) + " '" + abbreviate(fields[c]) + "' is not a number");
                }
                if (!Double.isFinite(values[c])) {
                    throw new UserFacingException(
                            where + "value " + (c + 1) + " is " + fields[c] + ", not a finite number");
                }
            }
            if (values.length < 2) {
                throw new UserFacingException(where + "a series needs at least 2 values, got " + values.length);
            }
            if (!rows.isEmpty() && values.length != rows.get(0).values().length) {
                throw new UserFacingException(where + values.length + " values, expected "
                        + rows.get(0).values().length + " like line "
                        + rows.get(0).line() + " (every series of a file has the same length)");
            }
            rows.add(new Numbered(i + 1, values));
        }
        if (rows.isEmpty()) {
            throw new UserFacingException(file + ": no series (only comments or nothing)");
        }
        return rows;
    }

    private static String abbreviate(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "..." : s;
    }
}
