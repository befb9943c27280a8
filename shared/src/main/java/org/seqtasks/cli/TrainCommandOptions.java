package org.seqtasks.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.seqtasks.UserFacingException;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RnnConfig;
import org.seqtasks.train.TrainOptions;
import org.seqtasks.train.Trainer;
import org.seqtasks.train.TrainingCheckpoint;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code train} options every task shares (DESIGN.md's CLI contract), mixed into each task's train
 * command. Options a task sizes differently are nullable here and resolved against the task's defaults
 * with {@link #config}.
 */
public final class TrainCommandOptions {
    @Option(
            names = "--cell",
            description = "Recurrent cell: rnn (SimpleRnn), lstm or gru. Default: ${DEFAULT-VALUE}.",
            defaultValue = "lstm",
            converter = CellConverter.class)
    public Cell cell;

    @Option(
            names = "--bidirectional",
            negatable = true,
            description =
                    "Read each sequence both ways (not for language models); --no-bidirectional turns a task's default off.")
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

    @Option(
            names = "--seed",
            description = "Seed for weights and data order. Default: ${DEFAULT-VALUE}.",
            defaultValue = "42")
    public long seed;

    @Option(names = "--validate-every", description = "Validate every N iterations (0 = once per epoch).")
    public Integer validateEvery;

    @Option(
            names = "--patience",
            description = "Early stop after N validations without improvement (0 = never). Default: ${DEFAULT-VALUE}.",
            defaultValue = "0")
    public int patience;

    @Option(
            names = "--lr-decay",
            description = "Multiply the learning rate by this after each validation without improvement (1 = off).")
    public Double lrDecay;

    @Option(
            names = "--anneal",
            negatable = true,
            description =
                    "In the last fifth of the --max-minutes budget, lower the learning rate linearly to 1% of it (needs --max-minutes; the default of recipes that say so, e.g. seq2seq on Tatoeba).")
    public Boolean anneal;

    @Option(names = "--dataset", description = "A catalog dataset name (see `datasets list`) or a task's built-in set.")
    public String dataset;

    @Option(names = "--input", description = "Train on this file instead of a catalog dataset.")
    public Path input;

    @Option(names = "--data-dir", description = "Folder holding catalog datasets (also: SEQTASKS_DATA).")
    public Path dataDir;

    @Option(names = "--out", description = "Output folder (default: runs/<task>-<cell>-<time>).")
    public Path out;

    @Option(
            names = "--resume",
            description = "Continue the run in this output folder where it stopped (its counters, curve,"
                    + " best score and optimiser state); --epochs and --max-minutes count the whole run.")
    public Path resume;

    @Option(
            names = {"--force", "--overwrite"},
            description = "Train afresh into an --out folder that holds a model from another run;"
                    + " that model is kept as " + "model.prev.zip.")
    public boolean force;

    /** The model file a train command writes into its output folder. */
    public static final String MODEL_FILE = "model.zip";
    /** Where {@code --force} keeps the model it replaces. */
    public static final String PREVIOUS_MODEL_FILE = "model.prev.zip";

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    private Path chosenOut;

    @Option(
            names = "--progress",
            description = "Progress bar: auto (when on a terminal), on, off. Default: ${DEFAULT-VALUE}.",
            defaultValue = "auto")
    public String progress;

    /** The network config: explicit options win, else the task's {@code defaults}; the cell and seed are always the options'. */
    public RnnConfig config(RnnConfig defaults) {
        return defaults.cell(cell)
                .hidden(or(hidden, defaults.hidden()))
                .layers(or(layers, defaults.layers()))
                .bidirectional(or(bidirectional, defaults.bidirectional()))
                .tbptt(or(tbptt, defaults.tbptt()))
                .clip(or(clip, defaults.clip()))
                .learningRate(or(lr, defaults.learningRate()))
                .dropout(or(dropout, defaults.dropout()))
                .l2(or(l2, defaults.l2()))
                .seed(seed);
    }

    /** The recipe's network with these options applied: {@link #config(RnnConfig)}. */
    public RnnConfig config(TrainRecipe recipe) {
        return config(recipe.rnn());
    }

    /** Sequences per minibatch: {@code --batch}, else the recipe's. */
    public int batch(TrainRecipe recipe) {
        return or(batch, recipe.batch());
    }

    /**
     * The training loop's options: explicit options win, else the recipe's numbers ({@code --patience 0} keeps the
     * recipe's patience). {@code unit} is what the throughput counts.
     */
    public TrainOptions trainOptions(TrainRecipe recipe, String unit) {
        double minutes = or(maxMinutes, epochs != null && recipe.epochsLiftBudget() ? 0.0 : recipe.maxMinutes());
        return new TrainOptions(
                        or(epochs, recipe.epochs()),
                        minutes,
                        or(validateEvery, recipe.validateEvery()),
                        patience > 0 ? patience : recipe.patience(),
                        unit,
                        progressBar(),
                        recipe.keepBest(),
                        or(lrDecay, recipe.lrDecay()))
                .annealing(anneal != null ? anneal : recipe.anneal() && minutes > 0);
    }

    /** The trainer for the recipe: {@link #trainer(TrainOptions)} of {@link #trainOptions}. */
    public Trainer trainer(TrainRecipe recipe, String unit) {
        return trainer(trainOptions(recipe, unit));
    }

    /**
     * With {@code --resume}, the model saved in that folder, loaded by {@code load}: its recipe wins (the network exists
     * already), and options given that differ from it are named ({@link #reportRecipeDifferences}). Else {@code fresh}'s.
     */
    public <M> M resumeOr(Function<Path, M> load, Function<M, RnnConfig> recipe, Supplier<M> fresh) {
        if (resume == null) {
            return fresh.get();
        }
        M model = load.apply(resume.resolve(MODEL_FILE));
        reportRecipeDifferences(recipe.apply(model));
        return model;
    }

    /** The run's output folder ({@link #outDir}), created now. */
    public RunFolder runFolder(String task) {
        return RunFolder.create(task, outDir(task));
    }

    /**
     * The run's output folder, the same on every call: {@code --out}, else the {@code --resume} folder, else a new
     * folder of its own. With {@code --force} a model already there is first moved to {@link #PREVIOUS_MODEL_FILE}.
     */
    public Path outDir(String task) {
        if (chosenOut != null) {
            return chosenOut;
        }
        Path dir = out != null ? out : resume != null ? resume : Cli.defaultRunFolder(task + "-" + cell.id());
        Path model = dir.resolve(MODEL_FILE);
        if (force && Files.exists(model)) {
            try {
                Files.move(
                        model,
                        dir.resolve(PREVIOUS_MODEL_FILE),
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                Files.deleteIfExists(dir.resolve(TrainingCheckpoint.FILE)); // another run's position
            } catch (IOException e) {
                throw new UserFacingException(
                        "cannot keep the old model as " + dir.resolve(PREVIOUS_MODEL_FILE) + ": " + e.getMessage());
            }
            System.err.println("--force: the model that was in " + dir + " is now " + PREVIOUS_MODEL_FILE);
        }
        chosenOut = dir;
        return dir;
    }

    /** The trainer for these options: one that continues the {@code --resume} run where it stopped, if one was given. */
    public Trainer trainer(TrainOptions options) {
        return new Trainer(options).resumeFrom(resume);
    }

    /**
     * With {@code --resume} the saved recipe wins (the network exists already): says in one line which options given
     * on the command line differ from it and are therefore not used, rather than ignoring them without a word.
     */
    public void reportRecipeDifferences(RnnConfig saved) {
        if (resume == null) {
            return;
        }
        List<String> differ = new ArrayList<>();
        differ(differ, "--cell", cell == null ? null : cell.id(), saved.cell().id());
        differ(differ, "--hidden", hidden, saved.hidden());
        differ(differ, "--layers", layers, saved.layers());
        differ(differ, "--bidirectional", bidirectional, saved.bidirectional());
        differ(differ, "--tbptt", tbptt, saved.tbptt());
        differ(differ, "--clip", clip, saved.clip());
        differ(differ, "--lr", lr, saved.learningRate());
        differ(differ, "--dropout", dropout, saved.dropout());
        differ(differ, "--l2", l2, saved.l2());
        differ(differ, "--seed", seed, saved.seed());
        if (!differ.isEmpty()) {
            System.err.println("warning: --resume continues the saved recipe; not used: " + String.join(", ", differ));
        }
    }

    private void differ(List<String> differ, String option, Object given, Object saved) {
        boolean explicit = command == null
                ? given != null
                : command.commandLine() != null
                        && command.commandLine().getParseResult() != null
                        && command.commandLine().getParseResult().hasMatchedOption(option);
        if (explicit && given != null && !given.equals(saved)) {
            differ.add(option + " " + given + " (saved " + saved + ")");
        }
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
            try {
                return Cell.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not one of "
                        + Arrays.stream(Cell.values()).map(Cell::id).toList());
            }
        }
    }
}
