package org.seqtasks.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code curve.csv} every {@code train} writes (columns of {@link CurvePoint#CSV_HEADER}): the one writer and reader. */
public final class CurveCsv {
    private CurveCsv() {}

    /** A curve file written point by point, each point flushed, so a run that stops anyhow leaves its curve so far. */
    public static final class Appender implements AutoCloseable {
        private final Writer out;

        private Appender(Writer out) {
            this.out = out;
        }

        public void add(CurvePoint p) throws IOException {
            out.write(p.csv() + "\n");
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /**
     * Starts {@code file} with the header and {@code previous}: a resumed run's points, exactly those its checkpoint knows (a
     * point validated after the last checkpoint is measured again). A null {@code file} writes nothing.
     */
    public static Appender open(Path file, List<CurvePoint> previous) throws IOException {
        if (file == null) {
            return new Appender(Writer.nullWriter());
        }
        Appender a = new Appender(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        a.out.write(CurvePoint.CSV_HEADER + "\n");
        for (CurvePoint p : previous) {
            a.out.write(p.csv() + "\n");
        }
        a.out.flush();
        return a;
    }

    /** Writes the whole of {@code curve} to {@code file}. */
    public static void write(List<CurvePoint> curve, Path file) {
        try (Appender ignored = open(file, curve)) {
            // header and points written by open
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
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
            points.add(new CurvePoint(
                    Long.parseLong(f[0].trim()),
                    Double.parseDouble(f[1]),
                    Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]),
                    Double.parseDouble(f[4]),
                    Double.parseDouble(f[5])));
        }
        return points;
    }
}
