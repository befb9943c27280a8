package org.seqtasks.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one validation pass over every command's options, run after parsing and before any data is read: ranges,
 * NaN and infinity, names checked against their sets, options that contradict each other. Rules are keyed by the
 * option's name, which means the same thing in every task ({@code --lr} is always a learning rate), so a new
 * command gets its checks by naming its options like the others. A failure is picocli's usage error naming the
 * option and what it accepts (exit 2), never a stack trace or a record's toString from deep inside a constructor.
 */
public final class OptionRules {
    /** Characters or words a command may be asked to generate: beyond this, a typo (an extra zero) runs for minutes. */
    public static final int MAX_GENERATED = 1_000_000;
    /** Scenes {@code captioning render} may be asked to draw. */
    public static final int MAX_RENDERED = 1_000_000;

    private OptionRules() {}

    /** A closed or half-open interval a number must fall in, with the words a user reads. */
    record Range(double min, boolean minOpen, double max, String words) {
        boolean contains(double v) {
            return (minOpen ? v > min : v >= min) && v <= max;
        }
    }

    private static Range atLeast(double min) {
        return new Range(min, false, Double.POSITIVE_INFINITY, "must be >= " + format(min));
    }

    private static Range positive() {
        return new Range(0, true, Double.POSITIVE_INFINITY, "must be > 0");
    }

    private static Range between(double min, double max) {
        return new Range(min, false, max, "must be in [" + format(min) + ", " + format(max) + "]");
    }

    private static final Map<String, Range> RANGES = Map.ofEntries(
            Map.entry("--hidden", atLeast(1)),
            Map.entry("--layers", atLeast(1)),
            Map.entry("--tbptt", atLeast(0)),
            Map.entry("--epochs", atLeast(1)),
            Map.entry("--max-minutes", atLeast(0)),
            Map.entry("--batch", atLeast(1)),
            Map.entry("--lr", new Range(0, true, 10, "must be in (0, 10]")),
            Map.entry("--clip", atLeast(0)),
            Map.entry("--dropout", new Range(0, false, Math.nextDown(1.0), "must be in [0, 1)")),
            Map.entry("--l2", atLeast(0)),
            Map.entry("--validate-every", atLeast(0)),
            Map.entry("--patience", atLeast(0)),
            Map.entry("--lr-decay", new Range(0, true, 1, "must be in (0, 1] (1 = off)")),
            Map.entry("--seq-length", atLeast(2)),
            Map.entry("--sample-length", between(0, MAX_GENERATED)),
            Map.entry("--length", between(0, MAX_GENERATED)),
            Map.entry("--print-every", atLeast(1)),
            Map.entry("--embedding", atLeast(1)),
            Map.entry("--feature-embedding", atLeast(1)),
            Map.entry("--word-dropout", atLeast(0)),
            Map.entry("--min-freq", atLeast(1)),
            Map.entry("--embedding-lr-scale", between(0, 10)),
            Map.entry("--fold", between(0, 9)),
            Map.entry("--temperature", between(0, 100)),
            Map.entry("--beam", between(1, 1000)),
            Map.entry("--max-length", between(0, MAX_GENERATED)),
            Map.entry("--train-images", atLeast(1)),
            Map.entry("--image-vector", atLeast(1)),
            Map.entry("--count", between(1, MAX_RENDERED)),
            Map.entry("--window", atLeast(1)),
            Map.entry("--seeds", between(1, 100)),
            Map.entry("--jobs", between(1, 64)),
            Map.entry("--task-minutes", positive()),
            Map.entry("--warmup", atLeast(0)),
            Map.entry("--iterations", atLeast(1)),
            Map.entry("--rounds", atLeast(1)),
            Map.entry("--output-layer-ab", atLeast(0)),
            Map.entry("--pairs", atLeast(1)));

    private static final Map<String, Set<String>> NAMES = Map.of(
            "--tagset", Set.of("upos", "xpos"),
            "--pooling", Set.of("last", "max", "ends"),
            "--progress", Set.of("auto", "on", "off"));

    private static final List<String> DATASET_AND_INPUT = List.of("--dataset", "--input");
    /** Tasks whose {@code --dataset} beside {@code --input} says what the file is (timeseries: a stock file or a classification set). */
    private static final Set<String> DATASET_NAMES_THE_INPUT_FORMAT = Set.of("timeseries");

    /** Pairs that cannot be given together: each would make the other mean nothing. */
    private static final List<List<String>> CONFLICTS = List.of(
            DATASET_AND_INPUT, List.of("--cv", "--fold"), List.of("--resume", "--force"), List.of("--quick", "--full"));

    /** Options that mean something only beside another: given alone they would be ignored without a word. */
    private static final Map<String, String> REQUIRES = Map.of(
            "--dev", "--input",
            "--captions", "--features",
            "--features", "--captions");

    /** The options {@link #check} has a rule for: a numeric option without one is a test failure (see the CLI table test). */
    public static Set<String> rangedOptions() {
        return RANGES.keySet();
    }

    /** Checks the options given on the command line of {@code parsed} and each of its subcommands. */
    public static void check(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.hasSubcommand() ? p.subcommand() : null) {
            CommandLine cl = p.commandSpec().commandLine();
            for (OptionSpec option : p.matchedOptions()) {
                String problem = problem(option.longestName(), option.getValue());
                if (problem != null) {
                    throw new ParameterException(
                            cl, "Invalid value for option '" + option.longestName() + "': " + problem);
                }
            }
            for (List<String> pair : CONFLICTS) {
                boolean formatNamed = pair.equals(DATASET_AND_INPUT)
                        && p.commandSpec().parent() != null
                        && DATASET_NAMES_THE_INPUT_FORMAT.contains(
                                p.commandSpec().parent().name());
                if (!formatNamed && p.hasMatchedOption(pair.get(0)) && p.hasMatchedOption(pair.get(1))) {
                    throw new ParameterException(
                            cl, "Error: " + pair.get(0) + " and " + pair.get(1) + " are mutually exclusive: give one");
                }
            }
            for (var need : REQUIRES.entrySet()) {
                if (p.hasMatchedOption(need.getKey())
                        && !p.hasMatchedOption(need.getValue())
                        && p.commandSpec().optionsMap().containsKey(need.getValue())) {
                    throw new ParameterException(
                            cl, "Error: " + need.getKey() + " applies only with " + need.getValue());
                }
            }
            checkOutputFolder(p);
        }
    }

    /**
     * Nothing saved is lost: a train command's {@code --out} holding a model from another run is refused unless it is
     * continued ({@code --resume}) or explicitly replaced ({@code --force}, which keeps the old one as
     * {@code model.prev.zip}); a {@code --resume} folder must hold a model to continue.
     */
    private static void checkOutputFolder(ParseResult p) {
        if (!p.commandSpec().optionsMap().containsKey("--resume")
                || !p.commandSpec().optionsMap().containsKey("--out")) {
            return;
        }
        CommandLine cl = p.commandSpec().commandLine();
        Path resume = p.matchedOptionValue("--resume", null);
        if (resume != null && !Files.isRegularFile(resume.resolve(TrainCommandOptions.MODEL_FILE))) {
            throw new ParameterException(
                    cl,
                    "Invalid value for option '--resume': " + resume + " holds no "
                            + TrainCommandOptions.MODEL_FILE
                            + " to continue (a run killed before its first save: start it again with --out "
                            + resume + ")");
        }
        Path out = p.matchedOptionValue("--out", null);
        if (out == null || p.hasMatchedOption("--force")) {
            return;
        }
        boolean continuing = resume != null
                && out.toAbsolutePath()
                        .normalize()
                        .equals(resume.toAbsolutePath().normalize());
        if (!continuing && Files.exists(out.resolve(TrainCommandOptions.MODEL_FILE))) {
            throw new ParameterException(
                    cl,
                    "Invalid value for option '--out': " + out + " already holds a "
                            + TrainCommandOptions.MODEL_FILE + "; continue it with --resume " + out
                            + ", or replace it with --force (the old one is kept as "
                            + TrainCommandOptions.PREVIOUS_MODEL_FILE + ")");
        }
    }

    /** What is wrong with {@code value} for {@code option}, or null. */
    static String problem(String option, Object value) {
        if (value instanceof Number n) {
            double v = n.doubleValue();
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                return "must be a finite number, got " + value;
            }
            Range range = RANGES.get(option);
            if (range != null && !range.contains(v)) {
                return range.words() + ", got " + value;
            }
        } else if (value instanceof String s && NAMES.containsKey(option)) {
            Set<String> allowed = NAMES.get(option);
            if (!allowed.contains(s.toLowerCase(Locale.ROOT))) {
                return "'" + s + "' is not one of " + new ArrayList<>(new TreeSet<>(allowed));
            }
        }
        return null;
    }

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
