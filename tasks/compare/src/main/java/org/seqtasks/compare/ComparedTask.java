package org.seqtasks.compare;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.seqtasks.report.RunResult;

/**
 * A task as the compare job sees it: how to train it (its {@code <Task>Main.run}), on what data and
 * budget in each {@link Mode}, which figures to compare, and which examples to show. Adding a task to
 * the comparison is one implementation and one entry in {@link #ALL}.
 */
interface ComparedTask {
    List<ComparedTask> ALL = List.of(
            new CharLmComparison(),
            new SentimentComparison(),
            new PosTagComparison(),
            new TimeseriesComparison(),
            new CaptioningComparison(),
            new Seq2SeqComparison());

    String name();

    /** The dataset name as the report shows it. */
    String dataset(Mode mode);

    /** Hidden units per layer, the same for both cells. */
    int hidden(Mode mode);

    /** The planned training time of one run, seconds (for the progress estimate). */
    double plannedSeconds(Mode mode);

    /** The {@code train} arguments other than cell, hidden, seed and output folder: dataset and budget. */
    List<String> trainArgs(Mode mode);

    RunResult train(String... args);

    TaskResult.Measure metric();

    TaskResult.Measure loss();

    /** The figure compared in {@code mode}: the same in every mode unless a task trains another kind of model in one. */
    default TaskResult.Measure metric(Mode mode) {
        return metric();
    }

    default TaskResult.Measure loss(Mode mode) {
        return loss();
    }

    /** Qualitative rows from the first seed's runs ({@code runs} by cell display name); files go in {@code reportDir}. */
    TaskResult.Examples examples(Map<String, RunResult> runs, Path reportDir);

    static ComparedTask named(String name) {
        return ALL.stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown task '" + name + "' (expected one of "
                        + String.join(", ", ALL.stream().map(ComparedTask::name).toList()) + ")"));
    }
}
