package org.seqtasks.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.seqtasks.train.CurvePoint;

/** Reads the {@code curve.csv} every {@code train} writes (columns of {@link CurvePoint#CSV_HEADER}). */
public final class CurveCsv {
    private CurveCsv() {
    }

    /** The points of {@code file}; an empty list when the run wrote none (a missing file included). */
    public static List<CurvePoint> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<CurvePoint> points = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("iteration")) {
                continue;
            }
            String[] f = line.split(",");
            if (f.length < 6) {
                throw new IllegalArgumentException(file + ": expected " + CurvePoint.CSV_HEADER + ", found: " + line);
            }
            points.add(new CurvePoint(Long.parseLong(f[0].trim()), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5])));
        }
        return points;
    }
}
