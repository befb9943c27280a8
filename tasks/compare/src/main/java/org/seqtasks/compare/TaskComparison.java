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
 * Trains one task with both cells and every seed through its own {@code run(args)}, same hidden size and
 * budget for both, and gathers the figures. A task that cannot run (a dataset missing offline) becomes a
 * failed entry with its reason, so one missing file does not cost the other tasks' results.
 */
final class TaskComparison {
    private TaskComparison() {
    }

    static TaskResult run(ComparedTask task, Mode mode, List<Long> seeds, List<String> extraArgs, Path runsDir, Path reportDir,
                          Progress progress) {
        String budget = String.join(" ", task.trainArgs(mode));
        Map<Cell, List<TaskResult.SeedRun>> runs = new LinkedHashMap<>();
        Map<Cell, Long> params = new LinkedHashMap<>();
        Map<String, RunResult> firstSeed = new LinkedHashMap<>();
        String unit = "";
        try {
            for (long seed : seeds) {
                for (Cell cell : Cell.values()) {
                    progress.step(Readings.f("%s, %s, seed %d (%s)", task.name(), cell.displayName(), seed, budget));
                    Path out = runsDir.resolve(task.name()).resolve(cell.id() + "-seed" + seed);
                    List<String> args = new ArrayList<>(List.of("train", "--cell", cell.id(), "--hidden", String.valueOf(task.hidden(mode)),
                            "--seed", String.valueOf(seed), "--out", out.toString(), "--progress", "off"));
                    args.addAll(task.trainArgs(mode));
                    args.addAll(extraArgs);
                    RunResult r = task.train(args.toArray(String[]::new));
                    progress.done(task.plannedSeconds(mode));
                    runs.computeIfAbsent(cell, c -> new ArrayList<>()).add(new TaskResult.SeedRun(seed, figure(r, task.metric(mode).key()),
                            figure(r, task.loss(mode).key()), r.epochs(), r.trainSeconds(), r.throughput().value(),
                            CurveCsv.read(out.resolve("curve.csv"))));
                    params.put(cell, r.params());
                    unit = r.throughput().unit();
                    if (seed == seeds.get(0)) {
                        firstSeed.put(cell.displayName(), r);
                    }
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
            examples = new TaskResult.Examples("Examples could not be produced: " + e.getMessage(), List.of(), List.of(), List.of());
        }
        return new TaskResult(task.name(), task.dataset(mode), task.hidden(mode), budget, task.metric(mode), task.loss(mode), unit, cells, examples,
                null);
    }

    private static double figure(RunResult r, String key) {
        return r.metrics().get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
