package org.seqtasks.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code eval} options every task shares, mixed into each task's eval command. */
public final class EvalCommandOptions {
    @Option(names = "--model", required = true, description = "A model.zip written by train.")
    public Path model;

    @Option(names = "--dataset", description = "Dataset (default: the one the model trained on).")
    public String dataset;

    @Option(names = "--input", description = "Evaluate on this file instead.")
    public Path input;

    @Option(names = "--data-dir", description = "Folder holding catalog datasets (also: SEQTASKS_DATA).")
    public Path dataDir;

    @Option(names = "--split", description = "Which held-out split: dev or test (the task's default when omitted).")
    public String split;

    @Option(names = "--out", description = "Output folder for metrics.json (default: runs/<task>-eval-<time>).")
    public Path out;

    public Path outDir(String task) {
        return out != null ? out : Cli.defaultRunFolder(task + "-eval");
    }
}
