package org.seqtasks.charlm;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.seqtasks.UserFacingException;
import org.seqtasks.cli.Cli;
import org.seqtasks.cli.EvalCommandOptions;
import org.seqtasks.cli.RunFolder;
import org.seqtasks.cli.TrainCommandOptions;
import org.seqtasks.cli.TrainRecipe;
import org.seqtasks.cli.UsageException;
import org.seqtasks.data.NextTokenWindowIterator;
import org.seqtasks.data.Vocabulary;
import org.seqtasks.eval.LanguageModelMetrics;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RnnConfig;
import org.seqtasks.report.RunResult;
import org.seqtasks.train.CurveCsv;
import org.seqtasks.train.TrainResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The character language model, end to end: one-hot characters in, a softmax over the next character
 * out at every step, trained with truncated BPTT on windows of the corpus; evaluated in nats and bits
 * per character; sampled one character at a time with the hidden state carried.
 *
 * <pre>
 * ./seqtasks charlm train [--cell rnn|lstm] [--dataset default|hello|hihello|longseq|tinyshakespeare | --input FILE] ...
 * ./seqtasks charlm train --dataset hihello --cell rnn --no-output-layer    (the lab's model, as the lab has it)
 * ./seqtasks charlm eval --model runs/.../model.zip [--dataset ...]
 * ./seqtasks charlm sample --model runs/.../model.zip [--prime TEXT] [--length N] [--temperature T] [--seed S]
 * ./seqtasks charlm bench [--cell lstm] [--dataset tinyshakespeare]
 * </pre>
 */
@Command(
        name = "charlm",
        mixinStandardHelpOptions = true,
        footer = "Add --verbose to any command to see the stack trace of an error.",
        description = "Character language model: train, eval, sample (SimpleRnn or LSTM).",
        subcommands = {CharLmMain.Train.class, CharLmMain.Eval.class, CharLmMain.Sample.class, CharLmBench.class})
public final class CharLmMain {
    public static void main(String[] args) {
        System.exit(Cli.execute(new CharLmMain(), args));
    }

    /** Runs one subcommand and returns its result (tests and {@code compare} call this). */
    public static RunResult run(String... args) {
        return Cli.run(new CharLmMain(), args);
    }

    /** Characters per training window on the play and the real corpora: char-rnn's seq_length (tBPTT splits it in two). */
    static final int WINDOW = 100;

    /** What each corpus trains with; every number can be overridden on the command line. */
    record Defaults(TrainRecipe train, int seqLength) {
        static Defaults forCorpus(CharLmCorpus corpus, Cell cell, long seed) {
            if (corpus.toy()) {
                // The lecture's toy: one sequence, one small layer, full BPTT over the whole word.
                int word = corpus.text().codePointCount(0, corpus.text().length()) - 1;
                return new Defaults(
                        TrainRecipe.of(RnnConfig.of(cell, seed)
                                        .hidden(16)
                                        .clip(5)
                                        .learningRate(0.05))
                                .batch(1)
                                .epochs(150)
                                .validateEvery(50),
                        word);
            }
            if (corpus.name().equals("default")) {
                // The embedded play (~15 KB): a model small enough to train in about a minute.
                return new Defaults(
                        TrainRecipe.of(RnnConfig.of(cell, seed)
                                        .hidden(128)
                                        .layers(2)
                                        .tbptt(50)
                                        .clip(5)
                                        .learningRate(3e-3))
                                .batch(16)
                                .epochs(20)
                                .maxMinutes(1.0),
                        WINDOW);
            }
            // Real corpora: the benchmark configuration (char-rnn's, and the PyTorch peer's).
            return new Defaults(
                    TrainRecipe.of(RnnConfig.of(cell, seed)
                                    .hidden(256)
                                    .layers(2)
                                    .tbptt(50)
                                    .clip(5)
                                    .learningRate(2e-3))
                            .batch(32)
                            .epochs(50)
                            .validateEvery(200),
                    WINDOW);
        }
    }

    @Command(
            name = "train",
            mixinStandardHelpOptions = true,
            description = "Train a character model; writes model.zip, metrics.json, curve.csv.")
    static final class Train implements Callable<RunResult> {
        @Mixin
        TrainCommandOptions options;

        @Option(names = "--seq-length", description = "Characters per training window (tBPTT splits it into segments).")
        Integer seqLength;

        @Option(
                names = "--sample-length",
                defaultValue = "300",
                description = "Characters to sample after training. Default: ${DEFAULT-VALUE}.")
        int sampleLength;

        @Option(
                names = "--no-output-layer",
                description = "Labs (hihello, longseq) only: no dense layer, the last recurrent"
                        + " layer's state is the logits, as in the hihello lab.")
        boolean noOutputLayer;

        @Option(
                names = "--print-every",
                defaultValue = "10",
                description = "Labs only: print loss and prediction every N iterations"
                        + " (and whenever the prediction changes). Default: ${DEFAULT-VALUE}.")
        int printEvery;

        @Override
        public RunResult call() {
            CharLmCorpus corpus = CharLmCorpus.load(options.dataset, options.input, options.dataDir);
            CharLmLab.Setting lab = CharLmLab.Setting.of(corpus);
            if (lab != null) {
                return trainLab(new CharLmLab(lab));
            }
            if (noOutputLayer) {
                throw new UsageException(
                        "--no-output-layer",
                        "--no-output-layer is the hihello lab's model: it applies to --dataset hihello or longseq only");
            }
            Defaults defaults = Defaults.forCorpus(corpus, options.cell, options.seed);
            CharLmModel model =
                    options.resumeOr(CharLmModel::load, m -> m.spec().rnn(), () -> create(corpus, defaults));
            RnnConfig rnn = model.spec().rnn();
            int batch = options.batch(defaults.train());
            NextTokenWindowIterator train = new NextTokenWindowIterator(
                    model.vocabulary().encodeCharacters(corpus.train()),
                    model.vocabulary().size(),
                    model.spec().seqLength(),
                    batch,
                    true,
                    rnn.seed());
            String validation = corpus.validation();
            printStart(corpus, model);
            RunFolder out = options.runFolder("charlm");
            TrainResult result = options.trainer(defaults.train(), "chars")
                    .fit(
                            model.network(),
                            train,
                            train.batchesPerEpoch(),
                            net -> model.evaluate(validation, batch).nll(),
                            net -> model.save(out.model()),
                            out.curveCsv(),
                            rnn.seed());
            out.curveChart(
                    result.curve(), "charlm " + rnn.cell().displayName() + " on " + corpus.name(), "nats per char");
            return evaluate(corpus, model, batch, result, out);
        }

        private static void printStart(CharLmCorpus corpus, CharLmModel model) {
            RnnConfig rnn = model.spec().rnn();
            System.err.printf(
                    Locale.ROOT,
                    "charlm %s on %s: %d train / %d validation chars, vocabulary %d, %d x %d, %,d parameters%n",
                    rnn.cell().displayName(),
                    corpus.name(),
                    corpus.train().length(),
                    corpus.validation().length(),
                    model.vocabulary().size(),
                    rnn.layers(),
                    rnn.hidden(),
                    model.parameterCount());
        }

        /** Validation figures, the sample, metrics.json and the lines a user reads. */
        private RunResult evaluate(
                CharLmCorpus corpus, CharLmModel model, int batch, TrainResult result, RunFolder out) {
            RnnConfig rnn = model.spec().rnn();
            LanguageModelMetrics metrics = model.evaluate(corpus.validation(), batch);
            Map<String, Object> figures = metrics.asMap();
            figures.put(
                    "dataWaitShare", result.trainSeconds() > 0 ? result.dataWaitSeconds() / result.trainSeconds() : 0);
            // A toy is sampled from its first letter for its own length: "h" -> "hello" shows what it learned.
            String sample = corpus.toy()
                    ? model.sample(corpus.text().substring(0, 1), corpus.text().length() - 1, 0, rnn.seed())
                    : model.sample("", sampleLength, 0.8, rnn.seed());
            RunResult run = out.result(
                            rnn.cell().id(),
                            corpus.name(),
                            corpus.toy() ? "train" : "dev",
                            model.parameterCount(),
                            result,
                            "chars",
                            figures)
                    .withText(sample);
            System.out.printf(
                    Locale.ROOT,
                    "validation: %.4f nats/char, %.4f bits/char, perplexity %.2f, next-char accuracy %.1f%%%n",
                    metrics.nll(),
                    metrics.bitsPerChar(),
                    metrics.perplexity(),
                    100 * metrics.accuracy());
            out.printTrained(result);
            out.printFiles();
            System.out.println(corpus.toy() ? "greedy sample from its first letter:" : "sample (temperature 0.8):");
            System.out.println(sample);
            return run;
        }

        /** A new model of the corpus's recipe with the options applied. */
        private CharLmModel create(CharLmCorpus corpus, Defaults defaults) {
            RnnConfig rnn = options.config(defaults.train());
            int window = TrainCommandOptions.or(seqLength, defaults.seqLength());
            if (rnn.tbptt() >= window) {
                rnn = rnn.tbptt(0); // the segment covers the window: plain BPTT
            }
            if (rnn.bidirectional()) {
                throw new UserFacingException(
                        "--bidirectional makes no sense for a language model: the backward pass would see the answer");
            }
            return CharLmModel.create(rnn, Vocabulary.ofCharacters(corpus.train()), window, corpus.name());
        }

        /** The lecture's labs (hihello, longseq): their own data, sizes and full-batch training, see {@link CharLmLab}. */
        private RunResult trainLab(CharLmLab lab) {
            if (options.resume != null
                    || options.batch != null
                    || options.tbptt != null && options.tbptt > 0
                    || Boolean.TRUE.equals(options.bidirectional)
                    || options.validateEvery != null
                    || options.patience > 0
                    || options.lrDecay != null) {
                throw new UserFacingException(
                        "the " + lab.setting().name() + " lab trains all its windows in one full batch from scratch"
                                + " and keeps the last iteration: --resume, --batch, --tbptt, --bidirectional, --validate-every, --patience and --lr-decay do not apply");
            }
            if (printEvery < 1) {
                throw new UserFacingException("--print-every must be >= 1, got " + printEvery);
            }
            TrainRecipe recipe = lab.recipe(options.cell, options.seed);
            RnnConfig rnn = options.config(recipe);
            int iterations = TrainCommandOptions.or(options.epochs, recipe.epochs());
            if (iterations < 1) {
                throw new UserFacingException("--epochs (full-batch iterations) must be >= 1, got " + iterations);
            }
            CharLmLab.Setting s = lab.setting();
            // stdout like the table that follows it: the lab's output is its result, and in a notebook a stderr line
            // shows as a red error block
            System.out.printf(
                    Locale.ROOT,
                    "charlm lab %s, %s %d x %d, %s: %d windows of %d, alphabet '%s', Adam %s, %d full-batch iterations%n",
                    s.name(),
                    rnn.cell().displayName(),
                    rnn.layers(),
                    rnn.hidden(),
                    noOutputLayer ? "NO output layer (the state is the logits)" : "dense softmax output",
                    lab.windows(),
                    s.window(),
                    String.join("", s.alphabet()),
                    rnn.learningRate(),
                    iterations);
            System.out.printf(Locale.ROOT, "target      %s%n", s.target());
            CharLmLab.Outcome o = lab.train(rnn, !noOutputLayer, iterations, printEvery);
            RunFolder out = options.runFolder("charlm");
            o.model().save(out.model());
            CurveCsv.write(o.curve(), out.curveCsv());
            out.curveChart(
                    o.curve(),
                    "charlm lab " + s.name() + ", " + rnn.cell().displayName()
                            + (noOutputLayer ? ", no output layer" : ""),
                    "nats per char (its training windows)");
            // The same figure eval reports (windows of the lab's length, each character predicted once).
            LanguageModelMetrics metrics =
                    o.model().evaluate(CharLmCorpus.load(s.name(), null, null).validation(), 32);
            Map<String, Object> figures = metrics.asMap();
            lab.addFigures(figures, o, !noOutputLayer);
            figures.put("outputLayer", !noOutputLayer);
            long steps = (long) lab.windows() * s.window();
            RunResult run = out.result(
                            rnn.cell().id(),
                            s.name(),
                            "train",
                            o.model().parameterCount(),
                            o.trained(),
                            "chars",
                            figures)
                    .withText(o.prediction());
            System.out.printf(
                    Locale.ROOT,
                    "final %4d  loss %.4f  %s  (%d of %d steps right)%n",
                    o.iterations(),
                    o.loss(),
                    o.prediction(),
                    Math.round(o.accuracy() * steps),
                    steps);
            double floor = lab.lossFloor();
            System.out.printf(
                    Locale.ROOT,
                    "lowest loss any model can reach on these windows: %.4f%s%n",
                    floor,
                    floor > 0
                            ? " (each starts from a zero state, and windows that start alike continue differently)"
                            : "");
            if (noOutputLayer) {
                System.out.printf(
                        Locale.ROOT,
                        "lowest loss possible with tanh-bounded logits in [-1, 1]: %.4f%n",
                        lab.boundedLogitFloor());
            }
            System.out.println(
                    o.firstCorrectIteration() < 0
                            ? "the prediction never read the target"
                            : "the prediction first read the target after iteration " + o.firstCorrectIteration()
                                    + (s.reads(o.prediction(), lab.windows()) ? " and still does" : ", then lost it")
                                    + (lab.windows() > 1
                                            ? " (the first character aside: the first window guesses it from its first input alone)"
                                            : ""));
            out.printFiles();
            return run;
        }
    }

    @Command(
            name = "eval",
            mixinStandardHelpOptions = true,
            description = "Evaluate a model on a corpus's validation split.")
    static final class Eval implements Callable<RunResult> {
        @Mixin
        EvalCommandOptions options;

        @Option(names = "--batch", defaultValue = "32", description = "Windows per batch. Default: ${DEFAULT-VALUE}.")
        int batch;

        @Override
        public RunResult call() {
            String split = options.split == null ? "dev" : options.split;
            if (!split.equals("dev")) {
                throw new UsageException(
                        "--split",
                        "charlm corpora have one held-out split, 'dev' (the last 10%); got --split " + split);
            }
            Path model = options.model;
            CharLmModel m = CharLmModel.load(model);
            String name = options.dataset != null || options.input != null
                    ? options.dataset
                    : m.spec().dataset();
            CharLmCorpus corpus = CharLmCorpus.load(name, options.input, options.dataDir);
            long t0 = System.nanoTime();
            LanguageModelMetrics metrics = m.evaluate(corpus.validation(), batch);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Path dir = options.outDir("charlm");
            RunResult run = RunResult.evaluated(
                    "charlm",
                    m.spec().rnn().cell().id(),
                    corpus.name(),
                    corpus.toy() ? "train" : "dev",
                    m.parameterCount(),
                    metrics.characters() / seconds,
                    "chars",
                    new LinkedHashMap<>(metrics.asMap()),
                    dir,
                    model);
            Path file = run.writeMetrics(dir);
            System.out.printf(
                    Locale.ROOT,
                    "%s, %s split: %.4f nats/char, %.4f bits/char, perplexity %.2f, next-char accuracy %.1f%% (%d chars)%n",
                    corpus.name(),
                    run.split(),
                    metrics.nll(),
                    metrics.bitsPerChar(),
                    metrics.perplexity(),
                    100 * metrics.accuracy(),
                    metrics.characters());
            System.out.println("metrics: " + file);
            return run;
        }
    }

    @Command(name = "sample", mixinStandardHelpOptions = true, description = "Generate text from a trained model.")
    static final class Sample implements Callable<RunResult> {
        @Option(names = "--model", required = true, description = "A model.zip written by train.")
        Path model;

        @Option(names = "--prime", defaultValue = "", description = "Text to condition on (printed first).")
        String prime;

        @Option(
                names = "--length",
                defaultValue = "500",
                description = "Characters to generate. Default: ${DEFAULT-VALUE}.")
        int length;

        @Option(
                names = "--temperature",
                defaultValue = "1.0",
                description =
                        "Below 1 sharper, above 1 more random; 0 = always the likeliest. Default: ${DEFAULT-VALUE}.")
        double temperature;

        @Option(names = "--seed", defaultValue = "42", description = "Sampling seed. Default: ${DEFAULT-VALUE}.")
        long seed;

        @Override
        public RunResult call() {
            if (length < 0) {
                throw new UserFacingException("--length must be >= 0, got " + length);
            }
            CharLmModel m = CharLmModel.load(model);
            long t0 = System.nanoTime();
            String text = m.sample(prime, length, temperature, seed);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.println(text);
            return RunResult.evaluated(
                            "charlm",
                            m.spec().rnn().cell().id(),
                            m.spec().dataset(),
                            "sample",
                            m.parameterCount(),
                            length / Math.max(seconds, 1e-9),
                            "chars",
                            Map.of(),
                            null,
                            model)
                    .withText(text);
        }
    }
}
