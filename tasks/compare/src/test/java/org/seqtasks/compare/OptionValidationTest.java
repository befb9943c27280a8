package org.seqtasks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqtasks.cli.Cli;
import org.seqtasks.cli.OptionRules;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The exit-code contract for bad options, through the launcher's own entry: every row is a realistic mistake, and
 * each must end with exit 2 and a message naming the option, before any data is read or any model is trained.
 */
class OptionValidationTest {
    @TempDir
    Path dir;

    private record Outcome(int code, String err) {}

    private static Outcome launch(List<String> args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Outcome(
                    Cli.execute(new SeqtasksMain(), args.toArray(String[]::new)), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** One bad command line and the option its message must name. */
    private record Row(String option, List<String> args) {}

    private static Row row(String option, String... args) {
        return new Row(option, List.of(args));
    }

    private List<Row> table() throws Exception {
        String model = dir.resolve("absent.zip").toString();
        Path full = Files.createDirectories(dir.resolve("full"));
        Files.writeString(full.resolve("model.zip"), "a model from another run");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        List<Row> rows = new ArrayList<>();
        String[][] trainNumbers = {
            {"--hidden", "0"},
            {"--hidden", "-3"},
            {"--layers", "0"},
            {"--tbptt", "-1"},
            {"--epochs", "0"},
            {"--epochs", "-5"},
            {"--max-minutes", "-1"},
            {"--max-minutes", "NaN"},
            {"--max-minutes", "Infinity"},
            {"--batch", "0"},
            {"--lr", "0"},
            {"--lr", "-0.1"},
            {"--lr", "NaN"},
            {"--lr", "Infinity"},
            {"--lr", "1e9"},
            {"--clip", "-1"},
            {"--clip", "NaN"},
            {"--dropout", "1"},
            {"--dropout", "-0.1"},
            {"--dropout", "NaN"},
            {"--l2", "-1"},
            {"--validate-every", "-1"},
            {"--patience", "-1"},
            {"--lr-decay", "0"},
            {"--lr-decay", "1.5"},
            {"--lr-decay", "NaN"},
            {"--hidden", "x"},
            {"--progress", "maybe"},
            {"--cell", "transformer"}
        };
        for (String task : new String[] {"charlm", "sentiment", "postag", "captioning"}) {
            for (String[] bad : trainNumbers) {
                rows.add(row(bad[0], task, "train", bad[0], bad[1]));
            }
            rows.add(row("--dataset", task, "train", "--dataset", "no-such-set", "--epochs", "1"));
            rows.add(row("--input", task, "train", "--dataset", "default", "--input", "x.txt"));
            rows.add(row("--out", task, "train", "--out", full.toString()));
            rows.add(row("--resume", task, "train", "--resume", empty.toString()));
            rows.add(row("--force", task, "train", "--resume", full.toString(), "--force"));
        }
        rows.add(row("--dataset", "timeseries", "train", "--dataset", "no-such-set"));
        rows.add(row("--window", "timeseries", "train", "--window", "0"));
        rows.add(row("--print-every", "timeseries", "train", "--print-every", "0"));
        rows.add(row("--lr", "timeseries", "train", "--lr", "NaN"));
        rows.add(row("--seq-length", "charlm", "train", "--seq-length", "1"));
        rows.add(row("--sample-length", "charlm", "train", "--sample-length", "-1"));
        rows.add(row("--sample-length", "charlm", "train", "--sample-length", "100000000"));
        rows.add(row("--print-every", "charlm", "train", "--print-every", "0"));
        rows.add(row("--no-output-layer", "charlm", "train", "--no-output-layer", "--epochs", "1"));
        rows.add(row("--length", "charlm", "sample", "--model", model, "--length", "-1"));
        rows.add(row("--length", "charlm", "sample", "--model", model, "--length", "100000000"));
        rows.add(row("--temperature", "charlm", "sample", "--model", model, "--temperature", "NaN"));
        rows.add(row("--temperature", "charlm", "sample", "--model", model, "--temperature", "-1"));
        rows.add(row("--batch", "charlm", "eval", "--model", model, "--batch", "0"));
        rows.add(row("--pooling", "sentiment", "train", "--pooling", "avg"));
        rows.add(row("--embedding", "sentiment", "train", "--embedding", "0"));
        rows.add(row("--min-freq", "sentiment", "train", "--min-freq", "0"));
        rows.add(row("--word-dropout", "sentiment", "train", "--word-dropout", "-1"));
        rows.add(row("--word-dropout", "sentiment", "train", "--word-dropout", "NaN"));
        rows.add(row("--embedding-lr-scale", "sentiment", "train", "--embedding-lr-scale", "-1"));
        rows.add(row("--fold", "sentiment", "train", "--fold", "10"));
        rows.add(row("--fold", "sentiment", "train", "--cv", "--fold", "3"));
        rows.add(row("--cv", "sentiment", "train", "--cv"));
        rows.add(row("--tagset", "postag", "train", "--tagset", "ptb"));
        rows.add(row("--feature-embedding", "postag", "train", "--feature-embedding", "0"));
        rows.add(row("--word-dropout", "postag", "train", "--word-dropout", "-0.5"));
        rows.add(row("--dev", "postag", "train", "--dev", "dev.conllu"));
        rows.add(row("--features", "captioning", "train", "--features", "f.tsv"));
        rows.add(row("--beam", "captioning", "train", "--beam", "0"));
        rows.add(row("--train-images", "captioning", "train", "--train-images", "0"));
        rows.add(row("--image-vector", "captioning", "train", "--image-vector", "0"));
        rows.add(row("--beam", "captioning", "caption", "--model", model, "--beam", "0", "x.png"));
        rows.add(
                row("--count", "captioning", "render", "--out", dir.resolve("r").toString(), "--count", "0"));
        rows.add(
                row("--count", "captioning", "render", "--out", dir.resolve("r").toString(), "--count", "2000000000"));
        rows.add(row("--seeds", "compare", "--seeds", "0"));
        rows.add(row("--jobs", "compare", "--jobs", "0"));
        rows.add(row("--task-minutes", "bench", "--task-minutes", "0"));
        rows.add(row("--tasks", "bench", "--tasks", "nosuch"));
        rows.add(row("--full", "compare", "--quick", "--full"));
        return rows;
    }

    @Test
    void everyBadOptionExits2NamingTheOption() throws Exception {
        List<String> failures = new ArrayList<>();
        List<Row> rows = table();
        for (Row r : rows) {
            Outcome o = launch(r.args());
            String first = o.err().lines().findFirst().orElse("");
            boolean ok = o.code() == 2
                    && first.contains(r.option())
                    && !o.err().contains("Exception")
                    && !o.err().contains("RnnConfig[");
            if (!ok) {
                failures.add(String.join(" ", r.args()) + " -> exit " + o.code() + ": " + first);
            }
        }
        assertTrue(
                failures.isEmpty(),
                failures.size() + " of " + rows.size() + " rows broke the contract:\n" + String.join("\n", failures));
        assertFalse(
                Files.exists(dir.resolve("full/model.prev.zip")), "a refused --out must leave the folder as it was");
        assertEquals("a model from another run", Files.readString(dir.resolve("full/model.zip")));
    }

    /** A numeric option added later without a range would let NaN-free nonsense (-5 epochs) through: each one needs a rule. */
    @Test
    void everyNumericOptionOfEveryCommandHasARange() {
        Set<String> unchecked = new TreeSet<>();
        Set<String> free = Set.of("--seed", "--split-seed"); // any 64-bit seed is a seed
        walk(new CommandLine(new SeqtasksMain()).getCommandSpec(), spec -> {
            for (OptionSpec option : spec.options()) {
                Class<?> type = option.type();
                boolean numeric = Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class);
                if (numeric
                        && !free.contains(option.longestName())
                        && !OptionRules.rangedOptions().contains(option.longestName())) {
                    unchecked.add(spec.qualifiedName() + " " + option.longestName());
                }
            }
        });
        assertTrue(unchecked.isEmpty(), "numeric options without a rule in OptionRules: " + unchecked);
    }

    private static void walk(CommandSpec spec, Consumer<CommandSpec> visit) {
        visit.accept(spec);
        spec.subcommands().values().forEach(sub -> walk(sub.getCommandSpec(), visit));
    }
}
