package org.seqtasks.sentiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.seqtasks.UserFacingException;
import org.seqtasks.cli.Cli;
import org.seqtasks.cli.EvalCommandOptions;
import org.seqtasks.cli.RunFolder;
import org.seqtasks.cli.TrainCommandOptions;
import org.seqtasks.cli.TrainRecipe;
import org.seqtasks.cli.UsageException;
import org.seqtasks.data.BucketIterator;
import org.seqtasks.data.SplitSizes;
import org.seqtasks.data.WordTokenizer;
import org.seqtasks.data.WordVectors;
import org.seqtasks.eval.ClassificationMetrics;
import org.seqtasks.model.Cell;
import org.seqtasks.model.RecurrentNetworks.Pooling;
import org.seqtasks.model.RnnConfig;
import org.seqtasks.report.RunResult;
import org.seqtasks.train.TrainResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Sentence polarity, the lecture's many-to-one shape: a sentence in, one label out.
 *
 * <pre>
 * ./seqtasks sentiment train [--cell rnn|lstm] [--bidirectional] [--dataset default|sst2|sst2-sentence|mr] [--fold K | --cv] ...
 * ./seqtasks sentiment eval --model runs/.../model.zip [--dataset ...] [--split dev|test]
 * ./seqtasks sentiment predict --model runs/.../model.zip "a gripping , beautifully acted film" ...
 * </pre>
 */
@Command(
        name = "sentiment",
        mixinStandardHelpOptions = true,
        footer = "Add --verbose to any command to see the stack trace of an error.",
        description = "Sentence polarity (many-to-one): train, eval, predict (SimpleRnn or LSTM).",
        subcommands = {SentimentMain.Train.class, SentimentMain.Eval.class, SentimentMain.Predict.class})
public final class SentimentMain {
    public static void main(String[] args) {
        System.exit(Cli.execute(new SentimentMain(), args));
    }

    /** Runs one subcommand and returns its result (tests and {@code compare} call this). */
    public static RunResult run(String... args) {
        return Cli.run(new SentimentMain(), args);
    }

    private static final String PRETRAINED = WordVectors.GLOVE;

    /**
     * How many of the vectors' most frequent words join the training vocabulary, for words training never saw: each is an
     * embedding row Adam updates at every step, and 50,000 trained at half the speed for the same accuracy (docs/results.md).
     */
    static final int PRETRAINED_EXTRA_WORDS = 10_000;

    /**
     * What each dataset and direction trains with; every number can be overridden on the command line.
     *
     * @param embeddingLrScale --embedding-lr-scale: the embedding's learning rate as a fraction of the rest's
     */
    record Defaults(
            TrainRecipe train,
            int embedding,
            String embeddings,
            double embeddingLrScale,
            int minFrequency,
            double wordDropout) {
        static Defaults forDataset(String name, Cell cell, boolean bidirectional, long seed) {
            RnnConfig rnn = RnnConfig.of(cell, seed)
                    .bidirectional(bidirectional)
                    .clip(5)
                    .dropout(0.5);
            if (name.equals("default")) {
                // 384 training sentences: a small model, every word kept; its 48-sentence dev split is too small to
                // choose a
                // checkpoint by, so the model is the last epoch's.
                return of(TrainRecipe.of(rnn.hidden(32).learningRate(5e-3))
                                .batch(16)
                                .epochs(20)
                                .keepBest(false))
                        .embedding(32);
            }
            // The real sets start from GloVe (--embeddings none learns from scratch). Bidirectional: two layers (Tai et
            // al.'s),
            // GloVe fine-tuned at a tenth of the rate, which kept it learning for 3-4 epochs (docs/results.md).
            return of(TrainRecipe.of(rnn.hidden(128)
                                    .layers(bidirectional ? 2 : 1)
                                    .learningRate(2e-3))
                            .batch(32)
                            .epochs(6)
                            .patience(2))
                    .embedding(128)
                    .embeddings(PRETRAINED)
                    .embeddingLrScale(bidirectional ? 0.1 : 1)
                    .minFrequency(2);
        }

        /** Embeddings learned from scratch at the full rate, every word kept, no word dropout. */
        static Defaults of(TrainRecipe train) {
            return new Defaults(train, 32, "none", 1, 1, 0);
        }

        Defaults embedding(int v) {
            return new Defaults(train, v, embeddings, embeddingLrScale, minFrequency, wordDropout);
        }

        Defaults embeddings(String v) {
            return new Defaults(train, embedding, v, embeddingLrScale, minFrequency, wordDropout);
        }

        Defaults embeddingLrScale(double v) {
            return new Defaults(train, embedding, embeddings, v, minFrequency, wordDropout);
        }

        Defaults minFrequency(int v) {
            return new Defaults(train, embedding, embeddings, embeddingLrScale, v, wordDropout);
        }
    }

    @Command(
            name = "train",
            mixinStandardHelpOptions = true,
            description = "Train a classifier; writes model.zip, metrics.json, curve.csv.")
    static final class Train implements Callable<RunResult> {
        @Mixin
        TrainCommandOptions options;

        @Option(names = "--embedding", description = "Word embedding size.")
        Integer embedding;

        @Option(names = "--min-freq", description = "Words seen fewer times in training become <unk>.")
        Integer minFrequency;

        @Option(
                names = "--embeddings",
                paramLabel = "NAME|FILE|none",
                description = "Start the word embedding from pretrained vectors:"
                        + " a catalog name (" + PRETRAINED
                        + ", the default for the real datasets), a file (GloVe or word2vec text, .gz allowed)"
                        + " or none; the embedding size becomes theirs.")
        String embeddings;

        @Option(
                names = "--embedding-lr-scale",
                paramLabel = "S",
                description =
                        "The word embedding learns at S times --lr"
                                + " (1 = the same, 0 = frozen): slower keeps fine-tuned pretrained vectors near the space of the words training never saw.")
        Double embeddingLrScale;

        @Option(
                names = "--pooling",
                paramLabel = "last|max|ends",
                description = "One vector per sentence: the state at its last word"
                        + " (default without --bidirectional), the max over words (default with it), or ends: both directions' final states"
                        + " (--bidirectional only).")
        String pooling;

        @Option(
                names = "--word-dropout",
                description = "Alpha of word dropout: a training word seen n times is read as <unk>"
                        + " with probability alpha/(alpha+n) (0 = off).")
        Double wordDropout;

        @Option(
                names = "--fold",
                defaultValue = "-1",
                description = "MR: train on cross-validation fold K (0-9) instead of the quick split.")
        int fold;

        @Option(names = "--cv", description = "MR: run all 10 cross-validation folds and report mean and spread.")
        boolean crossValidate;

        @Override
        public RunResult call() {
            String name = options.dataset == null ? "default" : options.dataset;
            if (!crossValidate) {
                return trainOnce(
                        SentimentData.load(name, options.input, options.dataDir, fold), options.outDir("sentiment"));
            }
            if (!name.startsWith("mr")) {
                throw new UsageException(
                        "--cv", "--cv is for MR, which has no official split; " + name + " has fixed dev/test splits");
            }
            Path out = options.outDir("sentiment");
            List<Double> accuracies = new ArrayList<>();
            RunResult last = null;
            double seconds = 0;
            for (int k = 0; k < SentimentData.FOLDS; k++) {
                System.err.printf("fold %d of %d%n", k + 1, SentimentData.FOLDS);
                last = trainOnce(SentimentData.load(name, null, options.dataDir, k), out.resolve("fold-" + k));
                accuracies.add(last.metric("accuracy"));
                seconds += last.trainSeconds();
            }
            double mean = accuracies.stream()
                    .mapToDouble(Double::doubleValue)
                    .average()
                    .orElse(Double.NaN);
            double std = Math.sqrt(accuracies.stream()
                            .mapToDouble(a -> (a - mean) * (a - mean))
                            .sum()
                    / (accuracies.size() - 1));
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("accuracy", mean);
            figures.put("accuracyStd", std);
            figures.put("foldAccuracies", accuracies);
            RunResult cv = new RunResult(
                    "sentiment",
                    last.cell(),
                    "mr-10fold",
                    "test",
                    last.params(),
                    last.epochs(),
                    seconds,
                    last.throughput(),
                    figures,
                    out,
                    null,
                    null);
            cv.writeMetrics(out);
            System.out.printf(
                    Locale.ROOT,
                    "MR 10-fold cross-validation, %s: test accuracy %.2f%% +- %.2f (folds: %s)%n",
                    options.cell.displayName(),
                    100 * mean,
                    100 * std,
                    accuracies.stream()
                            .map(a -> String.format(Locale.ROOT, "%.1f", 100 * a))
                            .toList());
            return cv;
        }

        private RunResult trainOnce(SentimentData data, Path dir) {
            checkSizes(data);
            Defaults defaults = Defaults.forDataset(
                    data.name().replaceAll("-fold\\d+$", ""),
                    options.cell,
                    Boolean.TRUE.equals(options.bidirectional),
                    options.seed);
            SentimentModel model =
                    options.resumeOr(SentimentModel::load, m -> m.spec().rnn(), () -> create(data, defaults));
            RnnConfig rnn = model.spec().rnn();
            BucketIterator<LabelledSentence> train = model.batches(
                    data.train(),
                    options.batch(defaults.train()),
                    true,
                    rnn.seed(),
                    model.wordDropout(data.train(), rnn.seed()));
            printStart(data, model);
            RunFolder out = RunFolder.create("sentiment", dir);
            TrainResult result = model.fit(
                    options.trainer(defaults.train(), "sentences"),
                    train,
                    () -> model.evaluate(data.dev(), 256).logLoss(),
                    () -> model.save(out.model()),
                    out.curveCsv());
            out.curveChart(
                    result.curve(),
                    "sentiment " + rnn.cell().displayName() + " on " + data.name(),
                    "cross-entropy per sentence");
            return evaluate(data, model, result, out);
        }

        private static void printStart(SentimentData data, SentimentModel model) {
            RnnConfig rnn = model.spec().rnn();
            System.err.printf(
                    Locale.ROOT,
                    "sentiment %s%s on %s: %d train / %d dev / %d test, vocabulary %d, %d x %d, dropout %s, word dropout %s, embedding learns at %s x lr, %,d parameters%n",
                    rnn.bidirectional() ? "bidirectional " : "",
                    rnn.cell().displayName(),
                    data.name(),
                    data.train().size(),
                    data.dev().size(),
                    data.test().size(),
                    model.vocabulary().size(),
                    rnn.layers(),
                    rnn.hidden(),
                    rnn.dropout(),
                    model.spec().wordDropout(),
                    model.spec().embeddingLrScale() == null ? 1.0 : model.spec().embeddingLrScale(),
                    model.parameterCount());
        }

        /** Dev and test figures, metrics.json and the lines a user reads. */
        private static RunResult evaluate(SentimentData data, SentimentModel model, TrainResult result, RunFolder out) {
            RnnConfig rnn = model.spec().rnn();
            ClassificationMetrics dev = model.evaluate(data.dev(), 256);
            ClassificationMetrics test = model.evaluate(data.test(), 256);
            Map<String, Object> figures = test.asMap(LabelledSentence.LABELS);
            figures.put("dev", dev.asMap(LabelledSentence.LABELS));
            RunResult run =
                    out.result(rnn.label(), data.name(), "test", model.parameterCount(), result, "sentences", figures);
            System.out.printf(
                    Locale.ROOT,
                    "dev:  accuracy %.2f%%, macro F1 %.4f, ROC AUC %.4f%n",
                    100 * dev.accuracy(),
                    dev.macroF1(),
                    dev.rocAuc());
            System.out.printf(
                    Locale.ROOT,
                    "test: accuracy %.2f%%, macro F1 %.4f, ROC AUC %.4f, confusion [true][predicted] %s%n",
                    100 * test.accuracy(),
                    test.macroF1(),
                    test.rocAuc(),
                    Arrays.deepToString(test.confusion()));
            out.printTrained(result);
            out.printFiles();
            return run;
        }

        /** Splits too small to train or score on, and single-label training data, are refused in one line. */
        private void checkSizes(SentimentData data) {
            String source = options.input != null ? options.input.toString() : data.name();
            SplitSizes.atLeast(data.train(), 2, "train", source, "sentences");
            SplitSizes.atLeast(data.dev(), 1, "dev", source, "sentences");
            SplitSizes.atLeast(data.test(), 1, "test", source, "sentences");
            if (data.train().stream()
                            .mapToInt(LabelledSentence::label)
                            .distinct()
                            .count()
                    < 2) {
                throw new UserFacingException(source + ": every training sentence is "
                        + LabelledSentence.LABELS.get(data.train().get(0).label())
                        + ": a classifier needs both labels to learn anything");
            }
        }

        /** A new model of the dataset's recipe with the options applied, its embedding started from vectors when asked. */
        private SentimentModel create(SentimentData data, Defaults defaults) {
            // A file of the user's own (--input) may not be English: it starts from vectors only when asked.
            Path vectors = WordVectors.locate(
                    TrainCommandOptions.or(embeddings, options.input != null ? "none" : defaults.embeddings()),
                    options.dataDir);
            WordVectors pretrained =
                    vectors == null ? null : WordVectors.read(vectors, wordsOf(data.train()), PRETRAINED_EXTRA_WORDS);
            int size = TrainCommandOptions.or(
                    embedding, pretrained == null ? defaults.embedding() : pretrained.dimension());
            RnnConfig rnn = options.config(defaults.train());
            SentimentModel model = SentimentModel.create(
                    rnn,
                    pooling == null ? Pooling.defaultFor(rnn.bidirectional()) : Pooling.parse(pooling),
                    data.train(),
                    size,
                    TrainCommandOptions.or(minFrequency, defaults.minFrequency()),
                    TrainCommandOptions.or(wordDropout, defaults.wordDropout()),
                    pretrained,
                    TrainCommandOptions.or(embeddingLrScale, defaults.embeddingLrScale()),
                    data.name());
            if (pretrained != null) {
                System.err.println("pretrained word vectors: " + model.spec().pretrained());
            }
            return model;
        }

        private static Set<String> wordsOf(List<LabelledSentence> sentences) {
            Set<String> words = new HashSet<>();
            sentences.forEach(x -> words.addAll(x.tokens()));
            return words;
        }
    }

    @Command(
            name = "eval",
            mixinStandardHelpOptions = true,
            description = "Evaluate a model on a dataset's dev or test split.")
    static final class Eval implements Callable<RunResult> {
        @Mixin
        EvalCommandOptions options;

        @Override
        public RunResult call() {
            String split = options.split == null ? "test" : options.split;
            Path model = options.model;
            Path input = options.input;
            SentimentModel m = SentimentModel.load(model);
            String name = options.dataset != null
                    ? options.dataset
                    : m.spec().dataset().replaceAll("-fold(\\d+)$", "");
            int fold = m.spec().dataset().matches(".*-fold\\d+$") && options.dataset == null
                    ? Integer.parseInt(m.spec().dataset().replaceAll(".*-fold", ""))
                    : -1;
            List<LabelledSentence> examples = input != null
                    ? SentimentReaders.labelFirst(input)
                    : SentimentData.load(name, null, options.dataDir, fold).split(split);
            SplitSizes.atLeast(
                    examples,
                    1,
                    input != null ? "file's" : split,
                    input != null ? input.toString() : name,
                    "sentences");
            long t0 = System.nanoTime();
            ClassificationMetrics metrics = m.evaluate(examples, 256);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Path dir = options.outDir("sentiment");
            RnnConfig rnn = m.spec().rnn();
            RunResult run = RunResult.evaluated(
                    "sentiment",
                    rnn.label(),
                    input != null ? input.getFileName().toString() : name,
                    input != null ? "file" : split,
                    m.parameterCount(),
                    examples.size() / seconds,
                    "sentences",
                    metrics.asMap(LabelledSentence.LABELS),
                    dir,
                    model);
            Path file = run.writeMetrics(dir);
            System.out.printf(
                    Locale.ROOT,
                    "%s %s: accuracy %.2f%%, macro F1 %.4f, ROC AUC %.4f (%d sentences); confusion [true][predicted] %s%n",
                    run.dataset(),
                    run.split(),
                    100 * metrics.accuracy(),
                    metrics.macroF1(),
                    metrics.rocAuc(),
                    metrics.count(),
                    Arrays.deepToString(metrics.confusion()));
            System.out.println("metrics: " + file);
            return run;
        }
    }

    @Command(
            name = "predict",
            mixinStandardHelpOptions = true,
            description = "Print the polarity and its probability for each text.")
    static final class Predict implements Callable<RunResult> {
        @Option(names = "--model", required = true, description = "A model.zip written by train.")
        Path model;

        @Parameters(
                paramLabel = "TEXT",
                arity = "1..*",
                description = "Sentences to classify (tokenized like SST if they are not).")
        List<String> texts;

        @Override
        public RunResult call() {
            SentimentModel m = SentimentModel.load(model);
            List<List<String>> tokens =
                    texts.stream().map(WordTokenizer::tokenize).toList();
            for (int i = 0; i < tokens.size(); i++) {
                if (tokens.get(i).isEmpty()) {
                    throw new UserFacingException("text " + (i + 1) + " has no words");
                }
            }
            double[][] p = m.probabilities(tokens, 64);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < texts.size(); i++) {
                int label = p[i][1] >= p[i][0] ? 1 : 0;
                out.append(String.format(
                        Locale.ROOT, "%s\t%.3f\t%s%n", LabelledSentence.LABELS.get(label), p[i][label], texts.get(i)));
            }
            System.out.print(out);
            RnnConfig rnn = m.spec().rnn();
            return RunResult.evaluated(
                            "sentiment",
                            rnn.label(),
                            m.spec().dataset(),
                            "predict",
                            m.parameterCount(),
                            0,
                            "sentences",
                            Map.of(),
                            null,
                            model)
                    .withText(out.toString());
        }
    }
}
