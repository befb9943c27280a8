package org.seqtasks.cli;

import java.nio.file.Path;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RnnConfig;
import picocli.CommandLine.Option;

/**
 * The {@code train} options every task shares (DESIGN.md's CLI contract), mixed into each task's train
 * command. Options a task sizes differently are nullable here and resolved against the task's defaults
 * with {@link #config}.
 */
public final class TrainCommandOptions {
    @Option(names = "--cell", description = "Recurrent cell: rnn (SimpleRnn) or lstm. Default: ${DEFAULT-VALUE}.", defaultValue = "lstm",
            converter = CellConverter.class)
    public Cell cell;

    @Option(names = "--bidirectional", negatable = true,
            description = "Read each sequence both ways (not for language models); --no-bidirectional turns a task's default off.")
    public Boolean bidirectional;

    @Option(names = "--hidden", description = "Units per recurrent layer (per direction).")
    public Integer hidden;

    @Option(names = "--layers", description = "Stacked recurrent layers.")
    public Integer layers;

    @Option(names = "--tbptt", description = "Truncated BPTT length in steps (0 = full BPTT).")
    public Integer tbptt;

    @Option(names = "--epochs", description = "Maximum passes over the training data.")
    public Integer epochs;

    @Option(names = "--max-minutes", description = "Wall-clock budget in minutes (decimals allowed, e.g. 0.5).")
    public Double maxMinutes;

    @Option(names = "--batch", description = "Sequences per minibatch.")
    public Integer batch;

    @Option(names = "--lr", description = "Adam learning rate.")
    public Double lr;

    @Option(names = "--clip", description = "Element-wise gradient clipping threshold (0 = off).")
    public Double clip;

    @Option(names = "--dropout", description = "Dropout probability on recurrent layer inputs (0 = off).")
    public Double dropout;

    @Option(names = "--l2", description = "L2 weight decay (0 = off).")
    public Double l2;

    @Option(names = "--seed", description = "Seed for weights and data order. Default: ${DEFAULT-VALUE}.", defaultValue = "42")
    public long seed;

    @Option(names = "--validate-every", description = "Validate every N iterations (0 = once per epoch).")
    public Integer validateEvery;

    @Option(names = "--patience", description = "Early stop after N validations without improvement (0 = never). Default: ${DEFAULT-VALUE}.",
            defaultValue = "0")
    public int patience;

    @Option(names = "--lr-decay", description = "Multiply the learning rate by this after each validation without improvement (1 = off).")
    public Double lrDecay;

    @Option(names = "--dataset", description = "A catalog dataset name (see `datasets list`) or a task's built-in set.")
    public String dataset;

    @Option(names = "--input", description = "Train on this file instead of a catalog dataset.")
    public Path input;

    @Option(names = "--data-dir", description = "Folder holding catalog datasets (also: SEQTASKS_DATA).")
    public Path dataDir;

    @Option(names = "--out", description = "Output folder (default: runs/<task>-<cell>-<time>).")
    public Path out;

    @Option(names = "--resume", description = "Continue training the model in this output folder.")
    public Path resume;

    @Option(names = "--progress", description = "Progress bar: auto (when on a terminal), on, off. Default: ${DEFAULT-VALUE}.",
            defaultValue = "auto")
    public String progress;

    /** The network config: explicit options win, else the task's {@code defaults}. */
    public RnnConfig config(RnnConfig defaults) {
        return new RnnConfig(cell, or(hidden, defaults.hidden()), or(layers, defaults.layers()),
                or(bidirectional, defaults.bidirectional()), or(tbptt, defaults.tbptt()), or(clip, defaults.clip()),
                or(lr, defaults.learningRate()), or(dropout, defaults.dropout()), or(l2, defaults.l2()), seed);
    }

    public Path outDir(String task) {
        if (out != null) {
            return out;
        }
        if (resume != null) {
            return resume;
        }
        return Cli.defaultRunFolder(task + "-" + cell.id());
    }

    public boolean progressBar() {
        return switch (progress) {
            case "on" -> true;
            case "off" -> false;
            default -> System.console() != null;
        };
    }

    public static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /** picocli converter accepting rnn/lstm in any case. */
    public static final class CellConverter implements picocli.CommandLine.ITypeConverter<Cell> {
        @Override
        public Cell convert(String value) {
            return Cell.parse(value);
        }
    }
}
