package org.seqtasks.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqtasks.model.Cell;
import org.seqtasks.report.RunResult;
import org.seqtasks.train.CurveCsv;

/**
 * Trains one task with every cell and seed through its own {@code run(args)}, same hidden size and budget for
 * all, and gathers the figures. {@link #plan} adds the trainings to a {@link SideBySide} plan; once it has run,
 * {@link #result} reads them. A task that cannot run (a dataset missing offline) becomes a failed entry with its
 * reason, so one missing file does not cost the other tasks' results.
 */
final class TaskComparison {
    private final ComparedTask task;
    private final Mode mode;
    private final String budget;
    private final List<Training> trainings = new ArrayList<>();

    private record Training(long seed, Cell cell, Path out, SideBySide.Pending<RunResult> run) {}

    private TaskComparison(ComparedTask task, Mode mode) {
        this.task = task;
        this.mode = mode;
        this.budget = String.join(" ", task.trainArgs(mode));
    }

    static TaskComparison plan(
            ComparedTask task,
            Mode mode,
            List<Long> seeds,
            List<String> extraArgs,
            Path runsDir,
            Progress progress,
            SideBySide lanes) {
        TaskComparison c = new TaskComparison(task, mode);
        for (long seed : seeds) {
            for (Cell cell : Cell.values()) {
                Path out = runsDir.resolve(task.name()).resolve(cell.id() + "-seed" + seed);
                List<String> args = new ArrayList<>(List.of(
                        "train",
                        "--cell",
                        cell.id(),
                        "--hidden",
                        String.valueOf(task.hidden(mode)),
                        "--seed",
                        String.valueOf(seed),
                        "--out",
                        out.toString(),
                        "--progress",
                        "off"));
                args.addAll(task.trainArgs(mode));
                args.addAll(extraArgs);
                String what = Readings.f("%s, %s, seed %d (%s)", task.name(), cell.displayName(), seed, c.budget);
                double seconds = task.plannedSeconds(mode);
                c.trainings.add(new Training(
                        seed,
                        cell,
                        out,
                        lanes.add(
                                seconds, progress.step(what, seconds, () -> task.train(args.toArray(String[]::new))))));
            }
        }
        return c;
    }

    /** The task's figures once its trainings have run; the examples come from the first seed's models. */
    TaskResult result(Path reportDir) {
        Map<Cell, List<TaskResult.SeedRun>> runs = new LinkedHashMap<>();
        Map<Cell, Long> params = new LinkedHashMap<>();
        Map<String, RunResult> firstSeed = new LinkedHashMap<>();
        String unit = "";
        long first = trainings.get(0).seed();
        try {
            for (Training t : trainings) {
                RunResult r = t.run().get();
                runs.computeIfAbsent(t.cell(), c -> new ArrayList<>())
                        .add(new TaskResult.SeedRun(
                                t.seed(),
                                figure(r, task.metric(mode).key()),
                                figure(r, task.loss(mode).key()),
                                r.epochs(),
                                r.trainSeconds(),
                                r.throughput().value(),
                                CurveCsv.read(t.out().resolve("curve.csv"))));
                params.put(t.cell(), r.params());
                unit = r.throughput().unit();
                if (t.seed() == first) {
                    firstSeed.put(t.cell().displayName(), r);
                }
            }
        } catch (RuntimeException e) {
            System.err.println("compare: " + task.name() + " failed: " + e.getMessage());
            return TaskResult.failed(task.name(), task.dataset(mode), budget, String.valueOf(e.getMessage()));
        }
        List<TaskResult.CellResult> cells = new ArrayList<>();
        runs.forEach((cell, list) -> cells.add(new TaskResult.CellResult(cell.displayName(), params.get(cell), list)));
        TaskResult.Examples examples;
        try {
            examples = task.examples(firstSeed, reportDir);
        } catch (RuntimeException e) {
            System.err.println("compare: " + task.name() + " examples failed: " + e.getMessage());
            examples = new TaskResult.Examples(
                    "Examples could not be produced: " + e.getMessage(), List.of(), List.of(), List.of());
        }
        return new TaskResult(
                task.name(),
                task.dataset(mode),
                task.hidden(mode),
                budget,
                task.metric(mode),
                task.loss(mode),
                unit,
                cells,
                examples,
                null);
    }

    private static double figure(RunResult r, String key) {
        return r.metrics().get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
