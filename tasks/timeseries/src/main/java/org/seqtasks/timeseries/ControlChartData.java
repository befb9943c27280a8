package org.seqtasks.timeseries;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.seqtasks.UserFacingException;
import org.seqtasks.cli.UsageException;
import org.seqtasks.data.DatasetResolver;

/**
 * Control-chart series with their classes, and the splits this task uses: a seeded, stratified 50/50 split (the UCR
 * archive's SyntheticControl is 300 train / 300 test) and seeded, stratified 10-fold cross-validation.
 *
 * @param name   the dataset name, for records
 * @param series every series, in file (class block) order
 */
public record ControlChartData(String name, List<LabelledSeries> series) {
    /** The UCI file through the catalog. */
    public static final String REAL = "synthetic-control";

    static final String REAL_FILE = "synthetic_control.data";
    /** The embedded default: the same six formulas, generated (also reachable as {@code default}). */
    public static final String GENERATED = "synthetic-control-generated";
    /** The generated set's own seed, fixed so that every run and every model seed sees the same data. */
    static final long GENERATED_SEED = 1999;

    public static final int FOLDS = 10;
    public static final int CLASSES = ControlChartClass.values().length;

    public ControlChartData {
        series = List.copyOf(series);
    }

    /** Whether {@code dataset} names this task's classification data (else it is the stock lab's). */
    public static boolean names(String dataset) {
        return dataset.equals("default") || dataset.equals(GENERATED) || dataset.equals(REAL);
    }

    /**
     * The series of {@code dataset}: generated for {@code default} / {@link #GENERATED}, the catalog's UCI file for
     * {@link #REAL}, or {@code input} (a file in the UCI layout) when given.
     */
    public static ControlChartData load(String dataset, Path input, Path dataDir) {
        if (input != null) {
            return new ControlChartData(input.getFileName().toString(), SeriesFiles.readBlocks(input, CLASSES));
        }
        if (dataset.equals("default") || dataset.equals(GENERATED)) {
            return new ControlChartData(
                    GENERATED,
                    ControlChartGenerator.generate(
                            ControlChartGenerator.UCI_PER_CLASS, ControlChartGenerator.UCI_LENGTH, GENERATED_SEED));
        }
        if (dataset.equals(REAL)) {
            return new ControlChartData(
                    REAL,
                    SeriesFiles.readBlocks(DatasetResolver.standard(dataDir).file(REAL, REAL_FILE), CLASSES));
        }
        throw new UsageException("--dataset", "timeseries has no dataset '" + dataset + "'");
    }

    /** Training and held-out series. */
    public record Split(List<LabelledSeries> train, List<LabelledSeries> test) {}

    /** Half of each class trains, the other half tests (an odd count gives the extra series to training). */
    public Split halves(long seed) {
        List<LabelledSeries> train = new ArrayList<>();
        List<LabelledSeries> test = new ArrayList<>();
        for (List<LabelledSeries> members : shuffledClasses(seed)) {
            int cut = (members.size() + 1) / 2;
            train.addAll(members.subList(0, cut));
            test.addAll(members.subList(cut, members.size()));
        }
        return new Split(train, test);
    }

    /** Fold {@code k} of {@link #FOLDS} tests, the rest trains; each class is dealt round-robin over the folds. */
    public Split fold(int k, long seed) {
        if (k < 0 || k >= FOLDS) {
            throw new UserFacingException("--fold must be 0-" + (FOLDS - 1) + ", got " + k);
        }
        List<LabelledSeries> train = new ArrayList<>();
        List<LabelledSeries> test = new ArrayList<>();
        for (List<LabelledSeries> members : shuffledClasses(seed)) {
            for (int i = 0; i < members.size(); i++) {
                (i % FOLDS == k ? test : train).add(members.get(i));
            }
        }
        return new Split(train, test);
    }

    private List<List<LabelledSeries>> shuffledClasses(long seed) {
        Random random = new Random(seed);
        List<List<LabelledSeries>> byClass = new ArrayList<>();
        for (int c = 0; c < CLASSES; c++) {
            int label = c;
            List<LabelledSeries> members = new ArrayList<>(
                    series.stream().filter(s -> s.label() == label).toList());
            Collections.shuffle(members, random);
            byClass.add(members);
        }
        return byClass;
    }
}
