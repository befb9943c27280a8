package org.seqtasks.compare;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.seqtasks.UserFacingException;
import org.seqtasks.charlm.CharLmCorpus;
import org.seqtasks.charlm.CharLmMain;
import org.seqtasks.cli.Cli;
import org.seqtasks.model.Cell;
import org.seqtasks.train.NativeThreads;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./seqtasks compare}: trains SimpleRnn, LSTM and GRU on every task with the same size and budget, runs
 * the lecture's five experiments, and writes a report ({@code index.html}, {@code report.md}, PNG charts)
 * with every figure in {@code results.json}.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description =
                "SimpleRnn vs LSTM vs GRU on every task plus the lecture's experiments; writes index.html, report.md, results.json.")
public final class CompareCommand implements Callable<CompareResults> {
    static final class Size {
        @Option(
                names = "--quick",
                description =
                        "Embedded datasets, budgets of seconds: the whole job in under 10 minutes on 2 cores (the default).")
        boolean quick;

        @Option(
                names = "--full",
                description =
                        "The real datasets (tinyshakespeare, sst2, ud-english-ewt, synthetic-control, tatoeba-fra-eng) and budgets of minutes (about an hour on 2 cores).")
        boolean full;

        @Option(
                names = "--tiny",
                hidden = true,
                description = "Seconds per run: tests the plumbing, the figures mean nothing.")
        boolean tiny;
    }

    @ArgGroup(exclusive = true)
    Size size;

    @Option(
            names = "--tasks",
            split = ",",
            paramLabel = "TASK",
            description =
                    "Tasks to compare, comma-separated (default: all: charlm, sentiment, postag, timeseries, captioning, seq2seq).")
    List<String> tasks;

    @Option(
            names = "--seeds",
            defaultValue = "1",
            description =
                    "Seeds per cell and task; with more than one the report gives mean ± std. Default: ${DEFAULT-VALUE}.")
    int seeds;

    @Option(
            names = "--jobs",
            paramLabel = "N",
            description = "Trainings run side by side, each on one core (1: one after the other)."
                    + " Default: the cores, at most 2: ${DEFAULT-VALUE}.")
    int jobs = SideBySide.DEFAULT_WIDTH;

    @Option(
            names = "--experiments",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Run the lecture's five experiments (--no-experiments: the task comparison only).")
    boolean experiments;

    @Option(names = "--out", description = "Output folder (default: runs/compare-<time>).")
    Path out;

    @Option(names = "--data-dir", description = "Folder holding catalog datasets (also: SEQTASKS_DATA).")
    Path dataDir;

    /** Runs the command and returns what it measured (tests call this; it throws rather than exits). */
    public static CompareResults run(String... args) {
        NativeThreads.configure();
        CompareCommand command = new CompareCommand();
        Cli.commandLine(command).parseArgs(args);
        return command.call();
    }

    Mode mode() {
        if (size == null || size.quick) {
            return Mode.QUICK;
        }
        return size.full ? Mode.FULL : Mode.TINY;
    }

    @Override
    public CompareResults call() {
        if (seeds < 1) {
            throw new UserFacingException("--seeds must be >= 1, got " + seeds);
        }
        Mode mode = mode();
        List<ComparedTask> chosen = new ArrayList<>();
        for (String name : tasks == null
                ? ComparedTask.ALL.stream().map(ComparedTask::name).toList()
                : tasks) {
            try {
                chosen.add(ComparedTask.named(name.strip()));
            } catch (IllegalArgumentException e) {
                throw new UserFacingException(e.getMessage());
            }
        }
        Path dir = Cli.createFolder(out != null ? out : Cli.defaultRunFolder("compare"));
        Path runs = Cli.createFolder(dir.resolve("runs"));
        List<Long> seedList =
                LongStream.range(0, seeds).map(i -> 42 + i).boxed().toList();
        ExperimentPlan plan = ExperimentPlan.of(mode);
        double planned = chosen.stream()
                        .mapToDouble(t -> Cell.values().length * seeds * t.plannedSeconds(mode))
                        .sum()
                + (experiments ? plan.plannedSeconds() : 0);
        Progress progress = new Progress(System.err, planned, jobs);
        String machine = String.format(
                Locale.ROOT,
                "%d cores, load average %.1f at the start, %d job(s) side by side",
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                jobs);
        System.err.printf(
                Locale.ROOT,
                "compare (%s): tasks %s, %d seed(s), experiments %s, %d job(s) side by side; writing to %s%n",
                mode.id(),
                chosen.stream().map(ComparedTask::name).toList(),
                seeds,
                experiments ? "on" : "off",
                jobs,
                dir);

        // Every training of every task and experiment goes into one plan, so the cores stay busy to the end.
        SideBySide lanes = new SideBySide(jobs);
        List<TaskComparison> comparisons = new ArrayList<>();
        for (ComparedTask task : chosen) {
            comparisons.add(TaskComparison.plan(task, mode, seedList, dataDirArgs(), runs, progress, lanes));
        }
        Supplier<LongTermDependencyExperiment.Result> recallPlan = null;
        List<Supplier<TruncationExperiment.Result>> truncationPlans = new ArrayList<>();
        Supplier<NonLinearityExperiment.Result> nonLinearPlan = null;
        if (experiments) {
            recallPlan = LongTermDependencyExperiment.plan(plan.recall(), 42, plan.recallSeconds(), progress, lanes);
            for (Cell cell : Cell.values()) {
                truncationPlans.add(TruncationExperiment.plan(
                        cell.id(),
                        charLmDataset(mode),
                        plan.truncationHidden(),
                        plan.truncationWindow(),
                        plan.tbptts(),
                        plan.truncationMinutes(),
                        dataDirArgs(),
                        runs.resolve("truncation"),
                        progress,
                        lanes));
            }
            nonLinearPlan =
                    NonLinearityExperiment.plan(plan.nonLinearity(), 42, plan.nonLinearitySeconds(), progress, lanes);
        }
        lanes.runAll();
        List<TaskResult> results = new ArrayList<>();
        for (TaskComparison task : comparisons) {
            results.add(task.result(dir));
        }
        GradientFlowExperiment.Result gradient = null;
        LongTermDependencyExperiment.Result recall = null;
        List<TruncationExperiment.Result> truncation = null;
        NonLinearityExperiment.Result nonLinear = null;
        InterpretableUnitsExperiment.Result units = null;
        if (experiments) {
            progress.step("gradient-flow experiment");
            gradient = GradientFlowExperiment.run(
                    plan.gradientSteps(), plan.gradientHidden(), 8, plan.gradientBatch(), new double[] {0.2, 1, 3}, 42);
            progress.done(plan.gradientSeconds());
            recall = recallPlan.get();
            truncation = truncationPlans.stream().map(Supplier::get).toList();
            nonLinear = nonLinearPlan.get();
            units = interpretableUnits(mode, plan, runs, seedList.get(0), progress);
            progress.done(plan.unitsSeconds());
        }
        CompareResults all = new CompareResults(
                mode.id(),
                Instant.now().toString(),
                seedList,
                machine,
                progress.elapsed(),
                results,
                gradient,
                recall,
                truncation,
                nonLinear,
                units);
        all.write(dir.resolve("results.json"));
        ComparisonReport.write(all, dir);
        System.err.printf(Locale.ROOT, "[compare %s elapsed] done%n", Progress.clock(progress.elapsed()));
        System.out.println("report:  " + dir.resolve("index.html"));
        System.out.println("         " + dir.resolve("report.md"));
        System.out.println("figures: " + dir.resolve("results.json"));
        if (!results.isEmpty() && results.stream().allMatch(r -> r.error() != null)) {
            throw new UserFacingException("no task could run (see the report for each reason)");
        }
        return all;
    }

    private List<String> dataDirArgs() {
        return dataDir == null ? List.of() : List.of("--data-dir", dataDir.toString());
    }

    private static String charLmDataset(Mode mode) {
        return mode == Mode.FULL ? "tinyshakespeare" : "default";
    }

    /**
     * Experiment 5 reads the LSTM of the charlm comparison; when charlm was not compared it trains one with
     * the comparison's recipe first.
     */
    private InterpretableUnitsExperiment.Result interpretableUnits(
            Mode mode, ExperimentPlan plan, Path runs, long seed, Progress progress) {
        progress.step("interpretable-cells experiment");
        ComparedTask charlm = ComparedTask.named("charlm");
        Path model = runs.resolve("charlm").resolve("lstm-seed" + seed).resolve("model.zip");
        if (!Files.isRegularFile(model)) {
            Path folder = runs.resolve("units-charlm");
            List<String> args = new ArrayList<>(List.of(
                    "train",
                    "--cell",
                    "lstm",
                    "--hidden",
                    String.valueOf(charlm.hidden(mode)),
                    "--seed",
                    String.valueOf(seed),
                    "--out",
                    folder.toString(),
                    "--progress",
                    "off"));
            args.addAll(charlm.trainArgs(mode));
            args.addAll(dataDirArgs());
            CharLmMain.run(args.toArray(String[]::new));
            model = folder.resolve("model.zip");
        }
        String text = CharLmCorpus.load(charLmDataset(mode), null, dataDir).validation();
        text = text.substring(0, Math.min(text.length(), plan.unitsCharacters()));
        return InterpretableUnitsExperiment.run(model, text, plan.renderLength(), 3);
    }
}
